/** The product name with its mark (pure CSS: the CSP allows no inline images). */
export function BrandMark({ subtitle }: { subtitle?: string }) {
  return (
    <div className="brand">
      <span className="brand-mark" aria-hidden="true" />
      <span className="brand-name">Central Console</span>
      {subtitle ? <span className="brand-subtitle">{subtitle}</span> : null}
    </div>
  );
}
