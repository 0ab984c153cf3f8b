import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'ghost' | 'success' | 'live';

type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'size'> & {
  variant?: ButtonVariant;
  size?: 'sm' | 'md' | 'lg';
  /** Shows progress and blocks repeat presses while an action is under way. */
  busy?: boolean;
  children?: ComponentChildren;
};

export function Button({ variant = 'secondary', size = 'md', busy = false, class: cls, type = 'button', disabled, children, ...rest }: Props) {
  return (
    <button
      type={type}
      class={`btn btn-${variant} btn-${size}${busy ? ' is-busy' : ''}${typeof cls === 'string' && cls ? ` ${cls}` : ''}`}
      disabled={Boolean(disabled) || busy}
      aria-busy={busy || undefined}
      {...rest}
    >
      {children}
    </button>
  );
}
