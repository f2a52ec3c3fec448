// The Tensor Logic extension: colors come from the TextMate grammar (package.json), everything else from
// `tlc lsp`, the language server built into tlc, which this client starts over stdio.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('tensorlogic.server');
  const command = settings.get('path', 'tlc');
  const args = [...settings.get('extraArguments', []), 'lsp'];
  const server = { command, args };
  client = new LanguageClient(
    'tensorlogic',
    'Tensor Logic (tlc lsp)',
    { run: server, debug: server },
    { documentSelector: [{ language: 'tensorlogic' }] });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
