import { describeAzureError } from '../describeError';
import type { ProvisioningEvent } from '../provisioning/graph';
import type { CreateOutcome } from './createDockerHost';
import type { CreateHostPlan } from './plan';

/** Where a create's lines go: the extension's log output channel has these methods. */
export interface LogSink {
    info(message: string): void;
    warn(message: string): void;
    error(message: string): void;
}

/** Only true when the run wrote nothing: a resource its PUT overwrote was changed, though not created. */
function nothingCreated(error: unknown, localize: (message: string) => string): string {
    // Read by shape (AlreadyExistsError.overwritten): createHostGraph is loaded lazily, with the Azure SDK.
    return (error as { overwritten?: string } | undefined)?.overwritten ? '' : localize('Nothing had been created in Azure.');
}

/**
 * Every line a create writes to the log, in one place, so the text the user's log holds is the
 * text the tests search for key material. `localize` is VS Code's l10n.t in the extension.
 */
export function createRunLog(log: LogSink, plan: CreateHostPlan, armEndpoint: string, localize: (message: string) => string = (m) => m) {
    const name = plan.name;
    return {
        started(): void {
            log.info(`Creating Docker host ${name} in ${plan.location} (run ${plan.provisioningId}).`);
        },
        event(event: ProvisioningEvent): void {
            const seconds = (event.ms / 1000).toFixed(1);
            switch (event.type) {
                case 'start':
                    log.info(`[${name}] start ${event.label}`);
                    break;
                case 'end':
                    log.info(`[${name}] done  ${event.label} in ${seconds} s`);
                    break;
                case 'fail':
                    log.error(`[${name}] failed ${event.label} after ${seconds} s: ${describeAzureError(event.error, event.label, armEndpoint).cause}`);
                    break;
                case 'rollbackStart':
                    log.info(`[${name}] deleting ${event.label}`);
                    break;
                case 'rollbackEnd':
                    log.info(`[${name}] deleted ${event.label} in ${seconds} s`);
                    break;
                case 'rollbackFail':
                    log.error(`[${name}] could not delete ${event.label}`);
                    break;
            }
        },
        ready(outcome: Extract<CreateOutcome, { ok: true }>): void {
            log.info(`Docker host ${name} is ready at tcp://${outcome.host.address.ipAddress}:${plan.tlsPort} after ${(outcome.ms / 1000).toFixed(1)} s.`);
        },
        /** Logs what failed and what was deleted again; returns the same text for the notification. */
        failed(outcome: Extract<CreateOutcome, { ok: false }>): string {
            const { deleted, failedToDelete } = outcome.rollback;
            const cleanup = [
                deleted.length > 0 ? `Deleted what this run had created: ${deleted.join(', ')}.` : nothingCreated(outcome.error, localize),
                failedToDelete.length > 0
                    ? `Could NOT delete: ${failedToDelete.map((f) => f.label).join(', ')}; delete them in the Azure portal to stop paying for them.`
                    : '',
                'The local TLS material was removed.',
            ].filter(Boolean).join(' ');
            if (outcome.cancelled) {
                const message = `Creating Docker host ${name} was cancelled. ${cleanup}`;
                log.warn(message);
                return message;
            }
            const described = describeAzureError(outcome.error, `creating Docker host ${name}`, armEndpoint);
            const message = `${described.cause}${described.fix ? ` ${described.fix}` : ''} ${cleanup}`;
            log.error(message);
            return message;
        },
    };
}

export type CreateRunLog = ReturnType<typeof createRunLog>;
