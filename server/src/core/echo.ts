/**
 * Input echoed back in messages (a version, a key, a value, a modeline token) is cut to a few
 * dozen characters: a 100,000-digit `version=` must not come back as a 100,000-character message.
 */

/** Characters of user input a message repeats at most. */
export const ECHO_MAX = 80;

/** `s` cut to `max` characters (code points) with an ellipsis; line breaks shown as spaces. */
export function echo(s: string, max = ECHO_MAX): string {
  const flat = s.length > 4 * max ? s.slice(0, 4 * max) : s;
  const chars = Array.from(flat.replace(/[\r\n\u2028\u2029]+/g, ' '));
  if (chars.length <= max && flat.length === s.length) return chars.join('');
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** Quoted spans (`` `…` ``, `"…"`), paired from the left. */
const QUOTED = /`([^`\n]*)`|"((?:[^"\\\n]|\\.)*)"/g;
/** Bare runs are cut later: a long link in a message is not input. */
const BARE_MAX = 200;
const LONG_BARE = new RegExp(`[^\\s"\`]{${BARE_MAX + 1},}`, 'g');

/**
 * A message with every quoted span longer than ECHO_MAX characters (and every bare run longer
 * than BARE_MAX) cut, with an ellipsis: messages quote the user's values, keys and versions, and
 * a long value must not make a long message. Text without long spans comes back unchanged.
 */
export function capEchoes(message: string): string {
  if (message.length <= ECHO_MAX) return message;
  return message
    .replace(QUOTED, (m, bq: string | undefined, dq: string | undefined) => {
      const inner = bq ?? dq ?? '';
      if (Array.from(inner).length <= ECHO_MAX) return m;
      return bq !== undefined ? `\`${echo(inner)}\`` : `"${echo(inner)}"`;
    })
    .replace(LONG_BARE, (m) => echo(m, BARE_MAX));
}

interface Messages {
  message: string;
  agentLog?: string | null;
  related?: Array<{ message: string }>;
}

/** capEchoes over the messages of findings and reasons, in place. */
export function capMessages(items: Iterable<Messages>): void {
  for (const x of items) {
    x.message = capEchoes(x.message);
    if (x.agentLog) x.agentLog = capEchoes(x.agentLog);
    for (const r of x.related ?? []) r.message = capEchoes(r.message);
  }
}
