import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

interface Base {
  label: string;
  hint?: string;
  error?: string | undefined;
  required?: boolean;
  class?: string;
}

function Wrap({ id, label, hint, error, required, class: cls, children, counter }: Base & { id: string; children: ComponentChildren; counter?: string }) {
  return (
    <div class={`field${error ? ' has-error' : ''}${cls ? ` ${cls}` : ''}`}>
      <label for={id} class="field-label">
        {label}
        {required && <span class="req" aria-hidden="true"> *</span>}
      </label>
      {children}
      <div class="field-foot">
        {error ? (
          <span id={`${id}-err`} class="field-error">
            {error}
          </span>
        ) : hint ? (
          <span id={`${id}-hint`} class="field-hint">
            {hint}
          </span>
        ) : (
          <span />
        )}
        {counter && <span class="field-counter" aria-hidden="true">{counter}</span>}
      </div>
    </div>
  );
}

const described = (id: string, error?: string, hint?: string) => (error ? `${id}-err` : hint ? `${id}-hint` : undefined);

export function TextField(
  props: Base & {
    value: string;
    onInput: (v: string) => void;
    type?: 'text' | 'email' | 'password' | 'date' | 'datetime-local' | 'number';
    maxLength?: number;
    autoComplete?: string;
    placeholder?: string;
    lang?: string;
    min?: string;
    max?: string;
    inputMode?: 'numeric' | 'text';
  },
) {
  const id = useId();
  const { value, onInput, type = 'text', maxLength, autoComplete, placeholder, lang, min, max, inputMode } = props;
  const attrs = {
    id,
    class: 'input',
    value,
    onInput: (e: Event) => e.currentTarget instanceof HTMLInputElement && onInput(e.currentTarget.value),
    maxLength,
    autoComplete,
    placeholder,
    lang,
    min,
    max,
    inputMode,
    required: props.required,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': described(id, props.error, props.hint),
  };
  // Preact types each input kind separately, so each kind is written out.
  const input =
    type === 'number' ? (
      <input type="number" {...attrs} />
    ) : type === 'password' ? (
      <input type="password" {...attrs} />
    ) : type === 'date' || type === 'datetime-local' ? (
      <input type={type} {...attrs} />
    ) : type === 'email' ? (
      <input type="email" {...attrs} />
    ) : (
      <input type="text" {...attrs} />
    );
  return (
    <Wrap id={id} {...props}>
      {input}
    </Wrap>
  );
}

export function TextArea(
  props: Base & { value: string; onInput: (v: string) => void; maxLength: number; rows?: number; placeholder?: string; onKeyDown?: (e: KeyboardEvent) => void },
) {
  const id = useId();
  const { value, onInput, maxLength, rows = 3, placeholder } = props;
  const left = maxLength - value.length;
  return (
    <Wrap id={id} {...props} counter={left <= maxLength * 0.2 ? String(left) : undefined}>
      <textarea
        id={id}
        class="input textarea"
        rows={rows}
        value={value}
        maxLength={maxLength}
        placeholder={placeholder}
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={props.onKeyDown}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described(id, props.error, props.hint)}
      />
    </Wrap>
  );
}

export function Select<V extends string>(props: Base & { value: V; onChange: (v: V) => void; options: readonly { value: V; label: string }[] }) {
  const id = useId();
  return (
    <Wrap id={id} {...props}>
      <select
        id={id}
        class="input select"
        value={props.value}
        onChange={(e) => {
          const v = props.options.find((o) => o.value === e.currentTarget.value);
          if (v) props.onChange(v.value);
        }}
        aria-describedby={described(id, props.error, props.hint)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

/** A labelled on/off switch (a checkbox with role=switch, so it reads as "on/off"). */
export function Switch({ label, checked, onChange, disabled, hint }: { label: string; checked: boolean; onChange: (v: boolean) => void; disabled?: boolean; hint?: string }) {
  const id = useId();
  return (
    <div class="switch-field">
      <input id={id} type="checkbox" role="switch" class="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.currentTarget.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label for={id}>{label}</label>
      {hint && (
        <span id={`${id}-hint`} class="field-hint">
          {hint}
        </span>
      )}
    </div>
  );
}
