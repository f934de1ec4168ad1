import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabSpec {
  id: string;
  label: string;
  /** A short badge after the label (e.g. a count). */
  badge?: string;
}

interface Props {
  label: string;
  tabs: TabSpec[];
  active: string;
  onChange: (id: string) => void;
  children: ComponentChildren;
  idPrefix: string;
}

/** WAI-ARIA tabs: arrow keys, Home and End move between tabs; the active panel follows. */
export function Tabs({ label, tabs, active, onChange, children, idPrefix }: Props) {
  const list = useRef<HTMLDivElement>(null);
  const focusTab = (index: number) => {
    const tab = tabs[(index + tabs.length) % tabs.length];
    if (!tab) return;
    onChange(tab.id);
    list.current?.querySelector<HTMLButtonElement>(`#${idPrefix}-tab-${tab.id}`)?.focus();
  };
  const current = tabs.findIndex((t) => t.id === active);
  return (
    <div class="tabs">
      <div
        class="tablist"
        role="tablist"
        aria-label={label}
        ref={list}
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight') focusTab(current + 1);
          else if (e.key === 'ArrowLeft') focusTab(current - 1);
          else if (e.key === 'Home') focusTab(0);
          else if (e.key === 'End') focusTab(tabs.length - 1);
          else return;
          e.preventDefault();
        }}
      >
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${t.id}`}
            aria-selected={t.id === active}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={t.id === active ? 0 : -1}
            onClick={() => onChange(t.id)}
          >
            {t.label}
            {t.badge ? <span class="tab-badge">{t.badge}</span> : null}
          </button>
        ))}
      </div>
      <div class="tabpanel" role="tabpanel" id={`${idPrefix}-panel`} aria-labelledby={`${idPrefix}-tab-${active}`} tabIndex={0}>
        {children}
      </div>
    </div>
  );
}
