/**
 * The shapes of JSONL lines: what is left of a line when its values are taken out. The lines a
 * tool writes come in a handful of shapes (`{"id":` … `,"text":` … `}`), so once a line has been
 * read key by key, the next ones are read by comparing their bytes with the known shapes and
 * reading only the values: no key lookup, no whitespace or punctuation handling, no duplicate-key
 * check. A line that follows a shape to its end has the keys, in the order, of a line already
 * found valid.
 *
 * The shapes share their beginnings, so they are kept as a tree: a line walks down it, reading
 * one value per node, choosing at each step the child whose constant bytes come next.
 */
export class ShapeNode {
  readonly children: ShapeNode[] = [];
  /** Shapes that end after this node's value: the bytes up to the end of the line, and the keys. */
  readonly endings: Constant[] = [];
  readonly constant: Constant;

  constructor(
    /** The bytes between the parent's value and this node's value. */
    constant: Uint8Array,
    /** What this node's value is, for the scanner's reader; `aux` qualifies it (e.g. a slice key). */
    readonly kind: number,
    readonly aux: number,
  ) {
    this.constant = new Constant(constant, 0);
  }

  /** The first child whose constant is at `p`, its value's start in `to.p`. */
  child(line: LineBytes, p: number, to: { p: number }): ShapeNode | undefined {
    const children = this.children;
    for (let k = 0; k < children.length; k += 1) {
      const child = children[k];
      if (child === undefined) break;
      const after = child.constant.at(line, p);
      if (after >= 0) {
        to.p = after;
        return child;
      }
    }
    return undefined;
  }

  /** The keys of a shape that ends here if the rest of the line, from `p`, is its ending; else −1. */
  ending(line: LineBytes, p: number): number {
    const endings = this.endings;
    for (let k = 0; k < endings.length; k += 1) {
      const ending = endings[k];
      if (ending !== undefined && p + ending.length === line.end && ending.at(line, p) === line.end) return ending.seen;
    }
    return -1;
  }
}

/** The bytes of the file, the end of the current line, and a DataView to compare four bytes at a time. */
export class LineBytes {
  readonly view: DataView;
  end = 0;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}

/** Constant bytes of a shape, compared four at a time (most are keys of 6 to 14 bytes). */
export class Constant {
  readonly length: number;
  private readonly words: Int32Array;
  private readonly tail: Uint8Array;

  constructor(
    readonly bytes: Uint8Array,
    /** For an ending: the keys of its shape. */
    readonly seen: number,
  ) {
    this.length = bytes.length;
    const whole = bytes.length >> 2;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.words = Int32Array.from({ length: whole }, (_, k) => view.getInt32(4 * k, true));
    this.tail = bytes.slice(4 * whole);
  }

  /** The index after this constant if the line's bytes at `p` are it, else −1. */
  at(line: LineBytes, p: number): number {
    const length = this.length;
    if (p + length > line.end) return -1;
    const words = this.words;
    const view = line.view;
    for (let k = 0; k < words.length; k += 1) if (view.getInt32(p + 4 * k, true) !== words[k]) return -1;
    const tail = this.tail;
    const bytes = line.bytes;
    const from = p + 4 * words.length;
    for (let k = 0; k < tail.length; k += 1) if (bytes[from + k] !== tail[k]) return -1;
    return p + length;
  }
}

const MAX_SLOTS = 64;

/** The known shapes; a file with too many different ones stops adding (its lines are read key by key). */
export class ShapeTree {
  readonly root = new ShapeNode(new Uint8Array(0), 0, 0);
  private shapes = 0;

  constructor(private readonly most = 64) {}

  /** Add the shape of the line `[start, end)` whose values `recorder` holds, in order. */
  add(recorder: ShapeRecorder, bytes: Uint8Array, start: number, end: number, seen: number): void {
    if (this.shapes >= this.most || recorder.count > MAX_SLOTS) return;
    let node = this.root;
    let from = start;
    for (let s = 0; s < recorder.count; s += 1) {
      const slotStart = recorder.starts[s] ?? 0;
      if (slotStart < from) return;
      const constant = bytes.slice(from, slotStart);
      const kind = recorder.kinds[s] ?? 0;
      const aux = recorder.aux[s] ?? 0;
      let next = node.children.find((child) => child.kind === kind && child.aux === aux && sameBytes(child.constant.bytes, constant));
      if (next === undefined) {
        next = new ShapeNode(constant, kind, aux);
        node.children.push(next);
      }
      node = next;
      from = recorder.ends[s] ?? 0;
    }
    const ending = bytes.slice(from, end);
    if (node.endings.some((known) => known.seen === seen && sameBytes(known.bytes, ending))) return;
    node.endings.push(new Constant(ending, seen));
    this.shapes += 1;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, k) => byte === b[k]);
}

/** Collects the value ranges of a line read key by key, to add its shape. */
export class ShapeRecorder {
  readonly kinds = new Int32Array(MAX_SLOTS);
  readonly aux = new Int32Array(MAX_SLOTS);
  readonly starts = new Int32Array(MAX_SLOTS);
  readonly ends = new Int32Array(MAX_SLOTS);
  count = 0;

  reset(): void {
    this.count = 0;
  }

  /** A value of kind `kind` at `[start, end)`; a line of too many values gets no shape. */
  slot(kind: number, aux: number, start: number, end: number): void {
    if (this.count < MAX_SLOTS) {
      this.kinds[this.count] = kind;
      this.aux[this.count] = aux;
      this.starts[this.count] = start;
      this.ends[this.count] = end;
    }
    this.count += 1;
  }
}
