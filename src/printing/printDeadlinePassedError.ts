/** An order was registered for printing after its print deadline: nothing could print it. */
export class PrintDeadlinePassedError extends Error {
  override readonly name = 'PrintDeadlinePassedError';
  readonly code = 'PRINT_DEADLINE_PASSED';

  constructor(
    readonly orderId: string,
    readonly printDeadline: string,
  ) {
    super(
      `Order ${orderId} cannot be registered for printing: its deadline ${printDeadline} passed.`,
    );
  }
}
