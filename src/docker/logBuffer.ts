/**
 * The newest lines of a log, bounded by a line count and by characters, so a container that writes
 * megabytes a second cannot grow the extension host without limit. Appending is O(1): lines leave
 * from the front by advancing an index, and the array is compacted only now and then.
 */
export class LogBuffer {
    private lines: string[] = [];
    private head = 0;
    private chars = 0;
    /** Lines received in all, and how many of them left the buffer. */
    received = 0;
    dropped = 0;

    // 1 MB, not more: the editor reads the whole text on every update, and under a flood each read is
    // garbage that V8 keeps until a major collection (4 MB grew the extension host by 189 MB, 1 MB by 39).
    constructor(readonly maxLines = 10_000, readonly maxChars = 1024 * 1024) {}

    append(line: string): void {
        this.lines.push(line);
        this.chars += line.length + 1;
        this.received++;
        while (this.lines.length - this.head > this.maxLines || (this.chars > this.maxChars && this.lines.length - this.head > 1)) {
            this.chars -= this.lines[this.head].length + 1;
            this.head++;
            this.dropped++;
        }
        // Compact once the dropped prefix outweighs what is kept.
        if (this.head > 1024 && this.head > this.lines.length / 2) {
            this.lines = this.lines.slice(this.head);
            this.head = 0;
        }
    }

    /** The kept lines, each ended by a newline. */
    text(): string {
        return this.lines.length > this.head ? `${this.lines.slice(this.head).join('\n')}\n` : '';
    }

    get kept(): number {
        return this.lines.length - this.head;
    }
}
