interface Props {
  services: readonly string[];
  current: string | null;
  onService: (service: string) => void;
  /** Marks services whose data has already been fetched. */
  seen: (service: string) => boolean;
}

/** The labelled service selector shared by the logs, metrics and config panels. */
export function ServicePicker({ services, current, onService, seen }: Props) {
  return (
    <label>
      Service{' '}
      <select value={current ?? ''} onChange={(e) => onService(e.currentTarget.value)}>
        {current === null ? <option value="">(none seen yet)</option> : null}
        {services.map((s) => (
          <option key={s} value={s}>
            {s}
            {seen(s) ? ' •' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
