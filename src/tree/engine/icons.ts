import * as vscode from 'vscode';
import type { ContainerIcon } from '../../docker/containerRows';

const containerIcons: Record<ContainerIcon, [string, string?]> = {
    running: ['play-circle', 'testing.iconPassed'],
    paused: ['debug-pause', 'list.warningForeground'],
    exited: ['stop-circle', 'disabledForeground'],
    restarting: ['sync~spin'],
    unhealthy: ['warning', 'list.errorForeground'],
    created: ['circle-outline'],
    dead: ['error', 'list.errorForeground'],
};

export function containerIcon(icon: ContainerIcon): vscode.ThemeIcon {
    const [id, color] = containerIcons[icon];
    return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

export const groupIcons = {
    containers: new vscode.ThemeIcon('package'),
    images: new vscode.ThemeIcon('file-media'),
    volumes: new vscode.ThemeIcon('database'),
    networks: new vscode.ThemeIcon('type-hierarchy'),
    compose: new vscode.ThemeIcon('layers'),
    image: new vscode.ThemeIcon('file-binary'),
    volume: new vscode.ThemeIcon('database'),
    network: new vscode.ThemeIcon('globe'),
};
