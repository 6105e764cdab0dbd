/** The daily time of an auto-shutdown, as the user types it and as Azure stores it. */

/**
 * "19:00", "7:30" or "1900" as Azure's "HHmm", or undefined with nothing to send. The message says
 * what is accepted.
 */
export function parseShutdownTime(input: string): { ok: true; hhmm: string } | { ok: false; message: string } {
    const m = /^\s*(\d{1,2}):?(\d{2})\s*$/.exec(input);
    const hours = m ? Number(m[1]) : NaN;
    const minutes = m ? Number(m[2]) : NaN;
    if (!(hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59)) {
        return { ok: false, message: 'Enter a time of day as HH:MM, 24-hour (for example 19:00).' };
    }
    return { ok: true, hhmm: `${String(hours).padStart(2, '0')}${String(minutes).padStart(2, '0')}` };
}

/** "1900" → "19:00", for showing. */
export function formatShutdownTime(hhmm: string): string {
    return /^\d{4}$/.test(hhmm) ? `${hhmm.slice(0, 2)}:${hhmm.slice(2)}` : hhmm;
}
