/**
 * Bad usage or bad input: the CLI prints the message as one line on stderr and exits 2,
 * never with a stack trace.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
