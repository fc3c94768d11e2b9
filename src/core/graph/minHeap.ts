/** A binary heap of event numbers, smallest first by `less`; swaps in place (this runs per event). */
export class MinHeap {
  private items = new Int32Array(64);
  size = 0;
  constructor(private readonly less: (a: number, b: number) => boolean) {}
  push(item: number) {
    if (this.size === this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    const a = this.items;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = a[p] as number;
      if (!this.less(item, parent)) break;
      a[i] = parent;
      i = p;
    }
    a[i] = item;
  }
  pop(): number {
    const a = this.items;
    const top = a[0] as number;
    const last = a[--this.size] as number;
    const n = this.size;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let m = l;
        if (r < n && this.less(a[r] as number, a[l] as number)) m = r;
        if (!this.less(a[m] as number, last)) break;
        a[i] = a[m] as number;
        i = m;
      }
      a[i] = last;
    }
    return top;
  }
}
