/** What every benchmark returns; bench/run.ts writes it to bench/results/<name>.json and docs/performance.md. */
export interface Result {
    name: string;
    figures: Record<string, number>;
    goal: string;
    pass: boolean;
}
