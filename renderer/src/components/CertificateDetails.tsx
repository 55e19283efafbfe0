import { Fragment } from 'react';
import type { ConsoleErrorPayload } from '#shared/errors.ts';
import { detailString } from '../format/errors.ts';
import { formatExactLocalTime } from '../format/time.ts';

const OPTIONAL_FIELDS: ReadonlyArray<readonly [key: string, label: string, format?: (value: string) => string]> = [
  ['subject', 'Subject'],
  ['issuer', 'Issuer'],
  ['validFrom', 'Valid from', formatExactLocalTime],
  ['validTo', 'Valid until', formatExactLocalTime],
];

/** Lets a long hex fingerprint wrap only between bytes; copying it still gives the plain string. */
function BreakAtColons({ text }: { text: string }) {
  return text.split(':').map((part, index) => (
    <Fragment key={index}>
      {index > 0 ? ':' : null}
      {index > 0 ? <wbr /> : null}
      {part}
    </Fragment>
  ));
}

/** The facts a technician compares against what their Central Command administrator says. */
export function CertificateDetails({ error }: { error: ConsoleErrorPayload }) {
  const fingerprint = detailString(error, 'fingerprint256');
  return (
    <dl className="cert-details">
      <dt>SHA-256 fingerprint</dt>
      <dd className="cert-fingerprint" data-testid="certificate-fingerprint">
        {fingerprint === null ? 'The server did not present a fingerprint.' : <BreakAtColons text={fingerprint} />}
      </dd>
      {OPTIONAL_FIELDS.map(([key, label, format]) => {
        const value = detailString(error, key);
        return value === null ? null : (
          <div className="cert-field" key={key}>
            <dt>{label}</dt>
            <dd>{format ? format(value) : value}</dd>
          </div>
        );
      })}
    </dl>
  );
}
