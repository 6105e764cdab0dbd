import { callWithTelemetryAndErrorHandling, type AzExtTreeItem, type IActionContext } from '@microsoft/vscode-azext-utils';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BuildInputError, largeContextBytes, planBuildContext } from '../../../docker/build/buildContext';
import { buildImage, parseBuildArgs } from '../../../docker/build/buildImage';
import { BuildFailedError } from '../../../docker/build/buildProgress';
import { defaultImageTag, validateImageTag } from '../../../docker/build/imageTag';
import type { DockerHostItem } from '../../../tree/DockerHostItem';
import { refreshAfterAction } from '../../../tree/engine/refreshAfterAction';
import { OutputTerminal } from '../../outputTerminal';
import { pickHost } from '../../pickHost';
import { pickWorkspaceFile } from '../../pickWorkspaceFile';
import type { Services } from '../../services';
import { withCancellableProgress } from '../../withCancellableProgress';
import { runImageOnHost } from './runImage';
import { markWalkthroughStep, walkthroughSteps } from '../../../tree/walkthroughProgress';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** What is asked before anything is read or sent. */
interface BuildRequest {
    readonly tag: string;
    readonly contextDir: string;
    readonly dockerfile: string;
    readonly buildArgs: Record<string, string>;
    readonly target?: string;
}

async function askBuildRequest(context: IActionContext, dockerfile: string): Promise<BuildRequest> {
    const tag = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Tag of the image'), value: defaultImageTag(path.basename(path.dirname(dockerfile))), validateInput: (v) => validateImageTag(v) })).trim();
    const contextDir = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Build context folder (empty: the Dockerfile\'s folder)'), value: path.dirname(dockerfile) })).trim() || path.dirname(dockerfile);
    const picked = path.relative(contextDir, dockerfile).split(path.sep).join('/');
    const relative = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Dockerfile, relative to the build context (empty: {0})', picked), value: picked })).trim() || picked;
    const argsText = await context.ui.showInputBox({
        prompt: vscode.l10n.t('Build arguments NAME=value, separated by commas (empty: none)'),
        validateInput: (v) => {
            try {
                parseBuildArgs(v);
                return undefined;
            } catch (error) {
                return (error as Error).message;
            }
        },
    });
    const target = (await context.ui.showInputBox({ prompt: vscode.l10n.t('Target stage (empty: the last stage)') })).trim();
    return { tag, contextDir, dockerfile: relative, buildArgs: parseBuildArgs(argsText), target: target || undefined };
}

/**
 * Build Image on Docker Host: from a Dockerfile in the Explorer (a Uri), a host's Images group or
 * the palette. The context is streamed to the engine; the engine's steps show in a terminal.
 */
export async function buildImageOnHostCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const uri = (node as unknown) instanceof vscode.Uri ? (node as unknown as vscode.Uri) : undefined;
    const dockerfile = uri?.fsPath ?? (await pickWorkspaceFile(context, '**/{Dockerfile,*.Dockerfile,Dockerfile.*}', vscode.l10n.t('Dockerfile to build'), vscode.l10n.t('No Dockerfile was found in the workspace.')));
    const hostItem = await pickHost(context, services, uri ? undefined : node);
    const host = hostItem.host;
    const request = await askBuildRequest(context, dockerfile);
    // Bad input (no such folder, no Dockerfile in it) stops here, before anything is sent.
    context.errorHandling.suppressReportIssue = true;
    const plan = await withCancellableProgress(vscode.l10n.t('Reading the build context…'), (_progress, signal) => planBuildContext(request.contextDir, request.dockerfile, { signal }));
    if (plan.bytes > largeContextBytes) {
        const folders = plan.biggestFolders.map((f) => `${f.path} (${mb(f.bytes)})`).join(', ');
        await context.ui.showWarningMessage(
            vscode.l10n.t('The build context is {0} in {1} files. The biggest folders are {2}. Add what the build does not need to .dockerignore, or send it anyway.', mb(plan.bytes), plan.files, folders || '—'),
            { modal: true },
            { title: vscode.l10n.t('Send Anyway') },
        );
    }

    const client = await hostItem.engine.getClient();
    const terminal = new OutputTerminal(vscode.l10n.t('Build {0} @ {1}', request.tag, host.name));
    terminal.note(vscode.l10n.t('Sending {0} ({1} files, {2} left out by .dockerignore) to {3}…', mb(plan.bytes), plan.files, plan.ignored, host.name));
    const result = await withCancellableProgress(vscode.l10n.t('Building {0} on {1}', request.tag, host.name), async (progress, signal) => {
        const both = AbortSignal.any([signal, terminal.signal]);
        try {
            return await buildImage(client, {
                plan,
                tag: request.tag,
                buildArgs: request.buildArgs,
                target: request.target,
                signal: both,
                onUpload: (sent) => progress.report({ message: vscode.l10n.t('uploading {0}', mb(sent)) }),
                onEvent: (event) => {
                    if (event.kind === 'step') {
                        terminal.note(`Step ${event.step.index}/${event.step.total} : ${event.step.instruction}`);
                        progress.report({ message: vscode.l10n.t('step {0}/{1}: {2}', event.step.index, event.step.total, event.step.instruction) });
                    } else if (event.kind === 'output') {
                        terminal.line(event.line);
                    } else {
                        terminal.note(vscode.l10n.t('Error: {0}', event.message));
                    }
                },
            });
        } catch (error) {
            terminal.note(both.aborted ? vscode.l10n.t('Cancelled.') : (error as Error).message);
            throw await buildError(hostItem, error, both.aborted);
        }
    });
    terminal.note(vscode.l10n.t('Built {0} ({1}).', result.tag, result.imageId.slice(7, 19)));
    await refreshAfterAction(context, [hostItem.groups.get('image')]);
    offerRun(hostItem, result.tag);
}

/** The failing step and its message as they are; an engine failure with its cause and fix, and the host row looks again. */
async function buildError(hostItem: DockerHostItem, error: unknown, cancelled: boolean): Promise<unknown> {
    if (cancelled || error instanceof BuildFailedError || error instanceof BuildInputError) {
        return error;
    }
    const message = await hostItem.engine.explain(error);
    // A lost connection: the row re-checks the engine, so the tree shows it unreachable, then recovers.
    void callWithTelemetryAndErrorHandling('azureDockerHosts.buildLostEngine', (context) => hostItem.refresh(context));
    return new Error(message);
}

/** The notification does not hold the command open: Run starts an action of its own. */
function offerRun(hostItem: DockerHostItem, tag: string): void {
    markWalkthroughStep(walkthroughSteps.builtImage);
    const run = vscode.l10n.t('Run');
    void vscode.window.showInformationMessage(vscode.l10n.t('Built {0} on {1}.', tag, hostItem.host.name), run).then((choice) =>
        choice === run ? callWithTelemetryAndErrorHandling('azureDockerHosts.image.run', (context) => runImageOnHost(context, hostItem.engine, tag, hostItem)) : undefined,
    );
}
