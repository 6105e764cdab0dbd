import { StringDecoder } from 'node:string_decoder';

/** Splits a byte stream into text lines; a UTF-8 character or a line split across chunks is kept whole. */
export class LineSplitter {
    private readonly decoder = new StringDecoder('utf8');
    private partial = '';

    /** The complete lines in `chunk` (without their \n or \r\n). */
    push(chunk: Buffer | string): string[] {
        const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
        const lines = text.split('\n');
        this.partial = lines.pop() ?? '';
        return lines.map(stripCr);
    }

    /** The unterminated last line, if any. */
    flush(): string | undefined {
        const rest = this.partial + this.decoder.end();
        this.partial = '';
        return rest ? stripCr(rest) : undefined;
    }
}

function stripCr(line: string): string {
    return line.endsWith('\r') ? line.slice(0, -1) : line;
}
