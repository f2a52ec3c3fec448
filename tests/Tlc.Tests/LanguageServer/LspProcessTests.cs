using System.Diagnostics;
using System.Text;
using static TensorLogic.Tlc.Tests.LanguageServer.LspMessages;

namespace TensorLogic.Tlc.Tests.LanguageServer;

/// <summary>
/// <c>tlc lsp</c> as an editor starts it: a process whose stdin and stdout carry the protocol. The in-process tests
/// cover the features; this one covers the verb's wiring to the console streams, and that nothing else is written
/// to stdout (a stray line there would break the client's framing).
/// </summary>
public sealed class LspProcessTests
{
    [Fact]
    public async Task The_lsp_verb_serves_over_stdin_and_stdout_and_exits_cleanly()
    {
        var tlc = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "tlc.exe" : "tlc");
        if (!File.Exists(tlc))
            return; // the apphost is not built on every platform; the server is the same code in-process
        using var process = Process.Start(new ProcessStartInfo(tlc, ["lsp"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var input = new StringBuilder();
        foreach (var body in new[] { Initialize(), Initialized, Shutdown(2), Exit })
            input.Append($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n").Append(body);
        process.StandardInput.Write(input.ToString());
        process.StandardInput.Flush();
        var output = await process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "tlc lsp did not exit after 'exit'");

        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", process.StandardError.ReadToEnd());
        var frames = output.Split("Content-Length: ", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, frames.Length);
        Assert.EndsWith("\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":null}", frames[1]);
    }
}
