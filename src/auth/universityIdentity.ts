/** Who the university's identity provider says logged in. */
export interface UniversityIdentity {
  /** The student ID (ECS-ID / SPS-ID), normalized: lower case, any `@scope` removed. */
  studentId: string;
}
