using System.Diagnostics;
using System.Text;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// tlc running on a pseudo-terminal, as a person sees it: the util-linux <c>script</c> utility (part of every
/// Debian-like system) gives it one, the test types bytes into it (keys, arrows as escape sequences) and reads
/// back what is drawn, replayed onto a <see cref="Screen"/>.
/// </summary>
internal sealed class PseudoTerminal : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly StringBuilder _drawn = new();
    private readonly Task _reader;

    public PseudoTerminal(string dataHome, params string[] arguments)
        : this(dataHome, new Dictionary<string, string>(), arguments)
    {
    }

    /// <summary>tlc on a terminal with <paramref name="environment"/> added to its variables (NO_COLOR is unset otherwise).</summary>
    public PseudoTerminal(string dataHome, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var tlc = Path.Combine(AppContext.BaseDirectory, "tlc");
        // exec: Ctrl-C then reaches tlc itself, not a shell waiting for it.
        var command = "exec " + string.Join(" ", arguments.Prepend(tlc).Select(a => "'" + a.Replace("'", "'\\''") + "'"));
        var start = new ProcessStartInfo("script", ["-qfec", command, "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TERM"] = "xterm";
        start.Environment["XDG_DATA_HOME"] = dataHome;
        start.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        _process = Process.Start(start)!;
        _reader = Task.Run(Read);
    }

    public static bool Available => File.Exists("/usr/bin/script") && File.Exists(Path.Combine(AppContext.BaseDirectory, "tlc"));

    /// <summary>What is on the screen now, one string per line, trailing spaces removed.</summary>
    public string Screen
    {
        get
        {
            lock (_drawn)
                return Tests.Screen.Render(_drawn.ToString());
        }
    }

    /// <summary>Every byte drawn so far, escape sequences (colours, cursor moves) included.</summary>
    public string Drawn
    {
        get
        {
            lock (_drawn)
                return _drawn.ToString();
        }
    }

    public void Type(string keys)
    {
        _process.StandardInput.Write(keys);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits until the screen ends with <paramref name="text"/> (the answer and the next prompt, usually).</summary>
    public void WaitForEnd(string text)
    {
        var clock = Stopwatch.StartNew();
        while (!Screen.EndsWith(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > Patience || _process.HasExited && _reader.IsCompleted && !Screen.EndsWith(text, StringComparison.Ordinal))
                throw new TimeoutException($"the screen never ended with:\n{text}\nit shows:\n{Screen}");
            Thread.Sleep(50);
        }
    }

    /// <summary>Whether the screen ends with <paramref name="text"/> within <paramref name="patience"/>.</summary>
    public bool EndsWithin(string text, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (!Screen.EndsWith(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > patience || _process.HasExited && _reader.IsCompleted)
                return Screen.EndsWith(text, StringComparison.Ordinal);
            Thread.Sleep(50);
        }
        return true;
    }

    /// <summary>Waits for tlc to leave; its exit code.</summary>
    public int Exit()
    {
        if (!_process.WaitForExit(Patience))
            throw new TimeoutException($"tlc did not leave; the screen shows:\n{Screen}");
        _reader.Wait(Patience);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void Read()
    {
        var buffer = new char[4096];
        int count;
        while ((count = _process.StandardOutput.Read(buffer, 0, buffer.Length)) > 0)
        {
            lock (_drawn)
                _drawn.Append(buffer, 0, count);
        }
    }
}

/// <summary>
/// Replays terminal output onto lines of text: printable characters overwrite at the cursor; carriage return,
/// line feed, erase to end of line (ESC [ K) and cursor left/right (ESC [ n D / C) move or erase; other escape
/// sequences (modes, keypad) draw nothing and are skipped.
/// </summary>
internal static class Screen
{
    public static string Render(string output)
    {
        var lines = new List<StringBuilder> { new() };
        int row = 0, column = 0;
        for (var i = 0; i < output.Length; i++)
        {
            var c = output[i];
            switch (c)
            {
                case '\r':
                    column = 0;
                    break;
                case '\n':
                    if (++row == lines.Count)
                        lines.Add(new StringBuilder());
                    break;
                case '\u001b':
                    i = Escape(output, i, lines[row], ref column);
                    break;
                case '\a':
                    break;
                default:
                    var line = lines[row];
                    if (line.Length < column)
                        line.Append(' ', column - line.Length);
                    if (column < line.Length)
                        line[column] = c;
                    else
                        line.Append(c);
                    column++;
                    break;
            }
        }
        return string.Join("\n", lines.Select(l => l.ToString().TrimEnd()));
    }

    /// <summary>Applies the escape sequence at <paramref name="start"/>; the index of its last character.</summary>
    private static int Escape(string output, int start, StringBuilder line, ref int column)
    {
        if (start + 1 >= output.Length || output[start + 1] != '[')
            return start + 1;
        var end = start + 2;
        while (end < output.Length && !char.IsLetter(output[end]))
            end++;
        if (end == output.Length)
            return end - 1;
        var parameter = output[(start + 2)..end];
        var count = int.TryParse(parameter, out var n) ? n : 1;
        switch (output[end])
        {
            case 'K' when column < line.Length:
                line.Length = column;
                break;
            case 'D':
                column = Math.Max(0, column - count);
                break;
            case 'C':
                column += count;
                break;
        }
        return end;
    }
}
