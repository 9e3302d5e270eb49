/**
 * The column layout of Go's `text/tabwriter` as `cilium status` configures it
 * (`tabwriter.NewWriter(out, 2, 0, 3, ' ', 0)`: minwidth 2, padding 3, space padding, no flags),
 * restated so that generated outputs have the same spacing as the real ones.
 *
 * Input: lines whose cells are terminated by `\t`; the text after a line's last tab is not a
 * cell and does not take part in alignment. A column is aligned over a *block*: consecutive
 * lines that all have a tab-terminated cell in that column.
 */

const MIN_WIDTH = 2;
const PADDING = 3;

export function tabwrite(text: string): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = new Array<string>(lines.length);
  const widths: number[] = [];

  const width = (s: string): number => [...s].length;

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j];
        s += c;
        // the last cell of a line is never padded (j < widths.length cannot hold for it)
        if (j < widths.length && j < cells.length - 1) s += ' '.repeat(Math.max(0, widths[j] - width(c)));
      }
      out[i] = s;
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      // a block for this column starts at line i
      writeLines(start, i);
      start = i;
      let w = MIN_WIDTH;
      for (; i < line1; i++) {
        const cells = lines[i];
        if (column >= cells.length - 1) break;
        w = Math.max(w, width(cells[column]) + PADDING);
      }
      widths.push(w);
      format(start, i);
      widths.pop();
      start = i;
      i--; // the loop's i++ must look at line i again
    }
    writeLines(start, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}
