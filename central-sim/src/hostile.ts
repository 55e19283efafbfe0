import type { Rng } from './random.ts';

/**
 * Content a console must show as inert text (`--hostile`): markup and script that would run if rendered as
 * HTML, template and SQL injections, bidirectional overrides, combining marks, emoji and zero-width joiners,
 * control whitespace. PostgreSQL text cannot hold NUL, so the real server never sends one; neither do we.
 */
export const HOSTILE_STRINGS: readonly string[] = [
  '<script>alert("central-sim")</script>',
  '<img src=x onerror="alert(document.cookie)">',
  '"><svg onload=alert(1)>',
  "javascript:alert('x')",
  '<a href="javascript:alert(1)">click me</a>',
  '<iframe src="https://example.invalid/"></iframe>',
  '<b>bold</b> <i>italic</i> <u>underline</u> <marquee>moving</marquee>',
  '&lt;already escaped&gt; &amp; &quot;entities&quot; &#x3C;script&#x3E;',
  '{{constructor.constructor("alert(1)")()}}',
  '${process.exit(1)}',
  "Robert'); DROP TABLE incidents;--",
  '\u202Egnp.exe\u202C \u2067right-to-left isolate\u2069',
  'مرحبا بالعيادة — שלום מרפאה',
  'Z\u0334\u0321\u032A\u035A\u0344a\u0336l\u0338g\u0337o\u0335 t\u0336\u0357e\u0335x\u0334t\u0337',
  '🏥💉🦷👩‍⚕️👨🏿‍💻🏳️‍🌈 clinic 🧑‍🤝‍🧑',
  'zero\u200Bwidth\u200Djoiner\uFEFFbom',
  'line one\nline two\r\n\ttabbed\u2028line separator',
  '%s%s%s%n %x %d',
  '../../../../etc/passwd',
  '\\\\evil-share\\payload.exe',
];

export function hostileString(rng: Rng): string {
  return rng.pick(HOSTILE_STRINGS);
}

/** Exactly `length` characters (code points) of mixed markup, RTL and emoji, for length-limit tests. */
export function longHostileName(rng: Rng, length: number): string {
  const pieces: string[] = [];
  let total = 0;
  while (total < length) {
    const piece = [...`${rng.pick(HOSTILE_STRINGS)} `];
    pieces.push(...piece);
    total += piece.length;
  }
  return pieces.slice(0, length).join('');
}

/** Unknown check types an appliance might report (the console must not assume a known list). */
export const HOSTILE_CHECK_TYPES: readonly string[] = [
  'vendor_custom_check_v2',
  'macos_gatekeeper',
  '<script>alert("check")</script>',
  'check type with spaces & <b>markup</b>',
  '🦷_dental_imaging_agent',
];
