import type { AzExtTreeItem, IActionContext } from '@microsoft/vscode-azext-utils';
import * as vscode from 'vscode';
import { openShell, type ShellSession } from '../../../docker/exec';
import type { EngineClient } from '../../../docker/engineClient';
import { containerContexts } from '../../../tree/engine/ContainerItem';
import type { Services } from '../../services';
import { pickContainers } from '../engineItems';

/** A terminal backed by an exec with a TTY in the container: no docker CLI needed. */
export function shellPseudoterminal(client: EngineClient, containerId: string, name: string): vscode.Pseudoterminal {
    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number | void>();
    let session: ShellSession | undefined;
    let size = { cols: 80, rows: 24 };
    // Keys typed while the exec is still starting go to the shell once it is there.
    let pending = '';
    return {
        onDidWrite: write.event,
        onDidClose: close.event,
        open(dimensions) {
            size = dimensions ? { cols: dimensions.columns, rows: dimensions.rows } : size;
            openShell(client, containerId, size).then(
                (s) => {
                    session = s;
                    s.onData((data) => write.fire(data));
                    if (pending) {
                        s.write(pending);
                        pending = '';
                    }
                    void s.resize(size.cols, size.rows).catch(() => undefined);
                    s.onExit((code) => {
                        write.fire(code === undefined ? `\r\n[the connection to the engine was lost]\r\n` : `\r\n[${s.shell} exited with code ${code}]\r\n`);
                        close.fire(code ?? 1);
                    });
                },
                (error: unknown) => {
                    const described = client.describe(error);
                    write.fire(`Could not open a shell in ${name}: ${described.cause} ${described.fix}\r\n`);
                    close.fire(1);
                },
            );
        },
        close() {
            session?.close();
        },
        handleInput(data) {
            if (session) {
                session.write(data);
            } else {
                pending += data;
            }
        },
        setDimensions(dimensions) {
            size = { cols: dimensions.columns, rows: dimensions.rows };
            void session?.resize(size.cols, size.rows).catch(() => undefined);
        },
    };
}

export async function attachShellCommand(context: IActionContext, services: Services, node?: AzExtTreeItem): Promise<void> {
    const [item] = await pickContainers(context, services, containerContexts.running, node);
    const client = await item.engine.getClient();
    const terminal = vscode.window.createTerminal({ name: `${item.container.name} (${item.engine.host.name})`, pty: shellPseudoterminal(client, item.container.id, item.container.name) });
    terminal.show();
}
