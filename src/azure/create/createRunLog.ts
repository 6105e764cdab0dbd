import { describeAzureError, plainAzureMessage } from '../describeError';
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
                    log.info(`[${name}] ${event.label}: started.`);
                    break;
                case 'end':
                    log.info(`[${name}] ${event.label}: done in ${seconds} s.`);
                    break;
                case 'fail':
                    log.error(`[${name}] ${event.label}: failed after ${seconds} s. ${stepFailure(event.error, armEndpoint)}`);
                    break;
                case 'rollbackStart':
                    log.info(`[${name}] Deleting ${event.label}.`);
                    break;
                case 'rollbackEnd':
                    log.info(`[${name}] Deleted ${event.label} in ${seconds} s.`);
                    break;
                case 'rollbackFail':
                    log.error(`[${name}] Could not delete ${event.label}.`);
                    break;
            }
        },
        ready(outcome: Extract<CreateOutcome, { ok: true }>): void {
            log.info(`Docker host ${name} is ready at tcp://${outcome.host.address.ipAddress}:${plan.tlsPort} after ${(outcome.ms / 1000).toFixed(1)} s.`);
        },
        /**
         * Logs the whole story (cause, fix, each resource deleted or left); returns the notification's
         * text: what failed and what is left, in two sentences, the details being in the log.
         */
        failed(outcome: Extract<CreateOutcome, { ok: false }>): string {
            const { deleted, failedToDelete } = outcome.rollback;
            const details = [
                deleted.length > 0 ? `Deleted what this run had created: ${deleted.join(', ')}.` : nothingCreated(outcome.error, localize),
                failedToDelete.length > 0
                    ? `Could NOT delete: ${failedToDelete.map((f) => f.label).join(', ')}; delete them in the Azure portal to stop paying for them.`
                    : '',
                'The local TLS material was removed.',
            ].filter(Boolean).join(' ');
            const left = failedToDelete.length > 0
                ? `Some of what it made could not be deleted (${failedToDelete.map((f) => f.label).join(', ')}): delete it in the Azure portal.`
                : deleted.length > 0 ? 'Everything this create made was deleted.' : nothingCreated(outcome.error, localize);
            if (outcome.cancelled) {
                log.warn(`Creating Docker host ${name} was cancelled. ${details}`);
                return `Creating Docker host ${name} was cancelled. ${left}`;
            }
            const described = describeAzureError(outcome.error, `creating Docker host ${name}`, armEndpoint);
            log.error(`Docker host ${name} was not created. ${described.cause}${described.fix ? ` ${described.fix}` : ''} ${details}`);
            // An error with a known cause says it plainly; any other names the step and what Azure said.
            const cause = described.kind === 'other'
                ? `${outcome.failedStep ?? `Creating Docker host ${name}`} failed: ${plainAzureMessage(outcome.error)}.`
                : `${described.cause}${described.fix ? ` ${described.fix}` : ''}`;
            return `${cause} ${left}`.trim();
        },
    };
}

/** One failed step: what Azure said, or the cause and fix when the kind of error is known. */
function stepFailure(error: unknown, armEndpoint: string): string {
    const described = describeAzureError(error, 'this step', armEndpoint);
    return described.kind === 'other' ? `${plainAzureMessage(error)}.` : `${described.cause}${described.fix ? ` ${described.fix}` : ''}`;
}

export type CreateRunLog = ReturnType<typeof createRunLog>;
