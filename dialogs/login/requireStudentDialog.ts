import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { DirectComponentDialog } from '../../src/bot/continueActiveDialog';
import { turnLanguage, turnT } from '../../src/bot/turnLanguage';
import type { Texts } from '../../src/i18n/i18n';
import { chatAccountOf } from '../../src/students/chatAccountOf';
import type { DialogServices } from '../dialogServices';
import { studentName } from '../studentName';
import { EMAIL_DIALOG, EmailDialog, type EmailDialogOptions } from '../email/emailDialog';
import { LOGIN_DIALOG, LoginDialog } from './loginDialog';

export const REQUIRE_STUDENT = 'requireStudent';
const FLOW = 'requireStudent.flow';

export interface RequireStudentOptions {
  /** The student asked to log in (no "you need to log in first" notice). */
  explicit?: boolean;
}

/**
 * Makes sure the chat belongs to a logged-in student with a confirmed email address: runs the
 * login and, on the first login, the email registration. Ends with the student id, or
 * undefined when the student did not get through.
 */
export class RequireStudentDialog extends DirectComponentDialog {
  constructor(
    private readonly services: DialogServices,
    texts: Texts,
  ) {
    super(REQUIRE_STUDENT);
    this.addDialog(new LoginDialog(services));
    this.addDialog(new EmailDialog(services, texts));
    this.addDialog(
      new WaterfallDialog(FLOW, [
        this.login.bind(this),
        this.registerEmail.bind(this),
        this.done.bind(this),
      ]),
    );
    this.initialDialogId = FLOW;
  }

  private async login(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const account = chatAccountOf(step.context);
    const student = account && (await this.services.students.findByAccount(account));
    if (student) {
      if (account) await this.services.students.touch(student.studentId, account);
      if ((step.options as RequireStudentOptions).explicit) {
        await step.context.sendActivity(
          turnT(step.context)('login.already', {
            name: studentName(student, turnLanguage(step.context)),
            studentId: student.studentId,
          }),
        );
      }
      return step.next(student.studentId);
    }
    if (!(step.options as RequireStudentOptions).explicit) {
      await step.context.sendActivity(turnT(step.context)('login.required'));
    }
    return step.beginDialog(LOGIN_DIALOG);
  }

  private async registerEmail(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const studentId = step.result as string | undefined;
    if (!studentId) return step.endDialog(undefined);
    (step.values as { studentId?: string }).studentId = studentId;
    const student = await this.services.students.get(studentId);
    if (student?.email) return step.next(true);
    await step.context.sendActivity(turnT(step.context)('email.firstLogin'));
    const options: EmailDialogOptions = { studentId, purpose: 'register' };
    return step.beginDialog(EMAIL_DIALOG, options);
  }

  private async done(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog((step.values as { studentId?: string }).studentId);
  }
}
