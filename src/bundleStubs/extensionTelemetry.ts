// Stands in for @vscode/extension-telemetry in the bundle (scripts/build.mjs aliases it here):
// Azure Docker Hosts sends no telemetry, so @microsoft/vscode-azext-utils gets a reporter that
// drops every event, and the Application Insights client is not shipped at all.
export class TelemetryReporter {
    public readonly telemetryLevel = 'off' as const;

    public onDidChangeTelemetryLevel(): { dispose(): void } {
        return { dispose: () => undefined };
    }

    public setContextTag(): void {}
    public getContextTag(): undefined {
        return undefined;
    }
    public sendTelemetryEvent(): void {}
    public sendRawTelemetryEvent(): void {}
    public sendDangerousTelemetryEvent(): void {}
    public sendTelemetryErrorEvent(): void {}
    public sendDangerousTelemetryErrorEvent(): void {}
    public async dispose(): Promise<void> {}
}

export default TelemetryReporter;
