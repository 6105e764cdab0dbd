import { DialogResponses, type AzExtTreeItem, type IActionContext, type IAzureQuickPickItem } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { configureEngine } from '../../azure/lifecycle/configureEngine';
import { engineSettings, type CurrentEngineSettings } from '../../docker/operations';
import { validLogSize, type EngineSettings, type LogRotation } from '../../hostSetup/engineConfigScript';
import type { DockerHostItem } from '../../tree/DockerHostItem';
import type { Services } from '../services';
import { withCancellableProgress } from '../withCancellableProgress';
import { hostTarget } from './hostTarget';

/** Configure Engine…: log rotation and live-restore in the VM's daemon.json, through the setup extension. */
export async function configureEngineCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const { item, deps } = await hostTarget(context, services, node);
    const name = item.host.name;
    const current = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the engine settings of {0}…', name) }, () => readSettings(item));
    const settings: EngineSettings = { logs: await askLogs(context, current), liveRestore: await askLiveRestore(context, current) };
    if (!settings.logs && settings.liveRestore === undefined) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Nothing was changed on {0}.', name));
        return;
    }
    const restarts = settings.logs !== undefined;
    const survive = settings.liveRestore ?? current.liveRestore;
    const apply = { title: vscode.l10n.t('Configure') };
    await context.ui.showWarningMessage(
        [
            vscode.l10n.t('Change the engine settings of {0}: {1}?', name, describe(settings)),
            restarts
                ? survive
                    ? vscode.l10n.t('The engine restarts to take the log settings; with live-restore on, running containers keep running. Existing containers keep their log settings; new ones get these.')
                    : vscode.l10n.t('The engine restarts to take the log settings, and with live-restore off its containers stop; those with a restart policy come back. Existing containers keep their log settings; new ones get these.')
                : vscode.l10n.t('The engine reloads its configuration; containers keep running.'),
        ].join(' '),
        { modal: true },
        apply,
        DialogResponses.cancel,
    );
    await item.runWithTemporaryDescription(context, vscode.l10n.t('configuring the engine…'), () =>
        withCancellableProgress(vscode.l10n.t('Configuring the engine of {0}', name), (_progress, signal) => configureEngine({ deps, host: item.host, settings, current, signal })),
    );
    services.engines.reset(item.host.id);
    await services.tree.refresh(context, item);
    void vscode.window.showInformationMessage(vscode.l10n.t('The engine of {0} now has {1}.', name, describe(settings)));
}

async function readSettings(item: DockerHostItem): Promise<CurrentEngineSettings> {
    try {
        return await engineSettings(await item.engine.getClient());
    } catch (error) {
        throw new Error(vscode.l10n.t('Configure Engine reads the engine\'s current settings first, and {0}', await item.engine.explain(error)));
    }
}

async function askLogs(context: IActionContext, current: CurrentEngineSettings): Promise<LogRotation | undefined> {
    // The labels are Docker's driver names, which are not translated.
    const drivers: Record<LogRotation['driver'], string> = {
        local: vscode.l10n.t('compressed files that rotate (recommended)'),
        'json-file': vscode.l10n.t('plain JSON files that rotate, for tools that read them'),
    };
    const picks: IAzureQuickPickItem<LogRotation['driver'] | undefined>[] = [
        ...(Object.keys(drivers) as LogRotation['driver'][]).map((driver) => ({ label: driver, description: drivers[driver], data: driver })),
        { label: vscode.l10n.t('Keep'), description: vscode.l10n.t('now: {0}', current.logDriver), data: undefined },
    ];
    const driver = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Container logs (so they cannot fill the VM\'s disk)'), suppressPersistence: true })).data;
    if (!driver) {
        return undefined;
    }
    const maxSize = await context.ui.showInputBox({
        prompt: vscode.l10n.t('Largest log file per container, like 20m (k, m or g)'),
        value: '20m',
        validateInput: (v) => (validLogSize(v.trim()) ? undefined : vscode.l10n.t('A number and k, m or g, like 20m.')),
    });
    const maxFile = await context.ui.showInputBox({
        prompt: vscode.l10n.t('Log files kept per container (1 to 100)'),
        value: '5',
        validateInput: (v) => (/^(100|[1-9][0-9]?)$/.test(v.trim()) ? undefined : vscode.l10n.t('A whole number from 1 to 100.')),
    });
    return { driver, maxSize: maxSize.trim(), maxFile: Number(maxFile.trim()) };
}

async function askLiveRestore(context: IActionContext, current: CurrentEngineSettings): Promise<boolean | undefined> {
    const onOff = (on: boolean) => (on ? vscode.l10n.t('on') : vscode.l10n.t('off'));
    const picks: IAzureQuickPickItem<boolean | undefined>[] = [
        ...(current.swarmActive ? [] : [{ label: vscode.l10n.t('On'), description: vscode.l10n.t('containers keep running while the engine restarts or is upgraded'), data: true }]),
        { label: vscode.l10n.t('Off'), description: current.swarmActive ? vscode.l10n.t('a swarm node cannot have it on') : vscode.l10n.t('containers stop with the engine'), data: false },
        { label: vscode.l10n.t('Keep'), description: vscode.l10n.t('now: {0}', onOff(current.liveRestore)), data: undefined },
    ];
    const chosen = (await context.ui.showQuickPick(picks, { placeHolder: vscode.l10n.t('Live restore'), suppressPersistence: true })).data;
    return chosen === current.liveRestore ? undefined : chosen;
}

function describe(settings: EngineSettings): string {
    const parts: string[] = [];
    if (settings.logs) {
        parts.push(vscode.l10n.t('{0} logs, {1} files of {2} per container', settings.logs.driver, settings.logs.maxFile, settings.logs.maxSize));
    }
    if (settings.liveRestore !== undefined) {
        parts.push(settings.liveRestore ? vscode.l10n.t('live-restore on') : vscode.l10n.t('live-restore off'));
    }
    return parts.join(vscode.l10n.t(' and '));
}
