/** Column widths for a frame `width` columns wide (the last terminal column is never written). */
export interface ColumnLayout {
  width: number;
  name: number;
  /** 0 when the description column is dropped (narrow terminals). */
  desc: number;
  inter: number;
  rec: number;
}

/** Cursor, marker, space. */
export const PREFIX = 3;
const GAP = 2;
/** Fits `RECORDED ▼`, `deleting…`, `11mo ago`. */
const REC = 10;
const MIN_DESC = 10;
const MIN_NAME = 12;

/** Narrow terminals lose the description column first, then the interactions header shrinks. */
export function columnLayout(width: number): ColumnLayout {
  let inter = 14; // `INTERACTIONS ▼`
  const fixed = PREFIX + GAP + inter + GAP + REC;
  let avail = width - fixed;
  if (avail >= MIN_NAME + GAP + MIN_DESC) {
    const name = Math.min(40, Math.max(MIN_NAME, Math.floor(avail * 0.45)));
    return { width, name, desc: avail - name - GAP, inter, rec: REC };
  }
  if (avail < MIN_NAME) {
    inter = 5;
    avail += 14 - inter;
  }
  return { width, name: Math.max(1, avail), desc: 0, inter, rec: REC };
}
