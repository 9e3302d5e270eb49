/** Conversions between the core's plain positions and LSP types. */
import { Range as LspRange, Position as LspPosition } from './lsp';
import type { Range } from '../core';

export function toLspRange(r: Range): LspRange {
  return LspRange.create(
    LspPosition.create(r.start.line, r.start.character),
    LspPosition.create(r.end.line, r.end.character),
  );
}

/** Range at the start of a line (an empty range at column 0 shows as the line's first word). */
export function lineStartRange(line = 0): LspRange {
  return LspRange.create(line, 0, line, 0);
}
