import { AppError } from '../../common/errors';

/** The code of the AppError `fn` throws, so a rule's refusal reads as its wire code: 'other' for any other error, 'none' when it returns. */
export function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
  return 'none';
}
