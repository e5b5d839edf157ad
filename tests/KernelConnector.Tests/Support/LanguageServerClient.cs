using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using StreamJsonRpc;

namespace KernelConnector.Tests.Support;

/// <summary>
/// The client side of the Language Server Protocol, as much of it as an editor needs to open one
/// C# file, read its diagnostics and hover a symbol. JSON-RPC and the header framing are
/// StreamJsonRpc's; this class only says what an editor says.
/// </summary>
internal sealed class LanguageServerClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly JsonRpc _rpc;
    private readonly StringBuilder _stderr = new();
    private readonly Dictionary<string, int> _versions = new(StringComparer.Ordinal);

    private LanguageServerClient(Process process, JsonRpc rpc)
    {
        _process = process;
        _rpc = rpc;
    }

    /// <summary>What the server wrote on standard error: its log, shown when an assertion fails.</summary>
    public string Log
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="server"/> in <paramref name="workspace"/> and initializes it as an
    /// editor would, answering its configuration requests with <paramref name="settings"/>.
    /// </summary>
    public static async Task<LanguageServerClient> StartAsync(
        string server,
        string workspace,
        IReadOnlyDictionary<string, string?> environment,
        IReadOnlyDictionary<string, object> settings,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(server)
        {
            WorkingDirectory = workspace,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{server} did not start");
        var handler = new HeaderDelimitedMessageHandler(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, new SystemTextJsonFormatter());
        var rpc = new JsonRpc(handler);
        var client = new LanguageServerClient(process, rpc);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (client._stderr)
            {
                client._stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();

        rpc.AddLocalRpcTarget(new EditorSide(settings), new JsonRpcTargetOptions { AllowNonPublicInvocation = false });
        rpc.StartListening();

        var root = new Uri(workspace + Path.DirectorySeparatorChar).AbsoluteUri;
        await rpc.InvokeWithParameterObjectAsync<JsonElement>("initialize", new
        {
            processId = Environment.ProcessId,
            rootUri = root,
            workspaceFolders = new[] { new { uri = root, name = Path.GetFileName(workspace) } },
            capabilities = new
            {
                workspace = new { configuration = true, workspaceFolders = true },
                textDocument = new
                {
                    synchronization = new { didSave = true },
                    diagnostic = new { dynamicRegistration = false },
                    hover = new { contentFormat = new[] { "markdown", "plaintext" } },
                    publishDiagnostics = new { codeDescriptionSupport = true },
                },
            },
        }, cancellationToken);
        await rpc.NotifyWithParameterObjectAsync("initialized", new { });
        return client;
    }

    public Task OpenAsync(string path, string text)
    {
        _versions[path] = 1;
        return _rpc.NotifyWithParameterObjectAsync("textDocument/didOpen", new
        {
            textDocument = new { uri = UriOf(path), languageId = "csharp", version = 1, text },
        });
    }

    /// <summary>Replaces the whole text of an open document, as an editor does on every keystroke.</summary>
    public Task ChangeAsync(string path, string text)
    {
        var version = ++_versions[path];
        return _rpc.NotifyWithParameterObjectAsync("textDocument/didChange", new
        {
            textDocument = new { uri = UriOf(path), version },
            contentChanges = new[] { new { text } },
        });
    }

    /// <summary>The document's diagnostics, pulled (LSP 3.17 <c>textDocument/diagnostic</c>).</summary>
    public async Task<IReadOnlyList<JsonElement>> DiagnosticsAsync(string path, CancellationToken cancellationToken)
    {
        var report = await _rpc.InvokeWithParameterObjectAsync<JsonElement>("textDocument/diagnostic", new
        {
            textDocument = new { uri = UriOf(path) },
        }, cancellationToken);
        var items = new List<JsonElement>();
        if (report.TryGetProperty("items", out var array))
        {
            foreach (var item in array.EnumerateArray())
            {
                items.Add(item.Clone());
            }
        }

        return items;
    }

    /// <summary>The hover text at a zero-based line and character, or null when the server has none.</summary>
    public async Task<string?> HoverAsync(string path, int line, int character, CancellationToken cancellationToken)
    {
        var hover = await _rpc.InvokeWithParameterObjectAsync<JsonElement>("textDocument/hover", new
        {
            textDocument = new { uri = UriOf(path) },
            position = new { line, character },
        }, cancellationToken);
        if (hover.ValueKind != JsonValueKind.Object || !hover.TryGetProperty("contents", out var contents))
        {
            return null;
        }

        return contents.ValueKind switch
        {
            JsonValueKind.String => contents.GetString(),
            JsonValueKind.Object => contents.GetProperty("value").GetString(),
            _ => contents.ToString(),
        };
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _rpc.InvokeWithCancellationAsync<JsonElement>("shutdown", null, timeout.Token);
            await _rpc.NotifyAsync("exit");
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ConnectionLostException or RemoteInvocationException or ObjectDisposedException or IOException)
        {
            // A server that does not shut down politely is stopped below; the test's result stands.
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _rpc.Dispose();
            _process.Dispose();
        }
    }

    private static string UriOf(string path) => new Uri(path).AbsoluteUri;

    /// <summary>The requests a server sends to its editor.</summary>
    private sealed class EditorSide(IReadOnlyDictionary<string, object> settings)
    {
        /// <summary>One answer per requested section; an unknown section gets null, as editors do.</summary>
        [JsonRpcMethod("workspace/configuration", UseSingleObjectParameterDeserialization = true)]
        public object?[] Configuration(JsonElement parameters)
        {
            var answers = new List<object?>();
            foreach (var item in parameters.GetProperty("items").EnumerateArray())
            {
                var section = item.TryGetProperty("section", out var s) ? s.GetString() : null;
                answers.Add(section is not null && settings.TryGetValue(section, out var value) ? value : null);
            }

            return [.. answers];
        }

        [JsonRpcMethod("client/registerCapability", UseSingleObjectParameterDeserialization = true)]
        public object? RegisterCapability(JsonElement parameters) => null;

        [JsonRpcMethod("window/workDoneProgress/create", UseSingleObjectParameterDeserialization = true)]
        public object? CreateProgress(JsonElement parameters) => null;

        [JsonRpcMethod("workspace/diagnostic/refresh")]
        public object? RefreshDiagnostics() => null;
    }
}
