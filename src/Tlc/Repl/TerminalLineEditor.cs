namespace TensorLogic.Tlc.Repl;

/// <summary>
/// Lines typed at a terminal, edited in place: Left/Right, Home/End (Ctrl-A/Ctrl-E), Backspace/Delete,
/// Ctrl-U/Ctrl-K to cut before/after the cursor, Up/Down through the history (earlier sessions' too, see
/// <see cref="ReplHistory"/>), Ctrl-R to search it, Tab to complete (<see cref="ReplCompletion"/>), Ctrl-C to
/// drop the line, Ctrl-D on an empty line to leave.
/// </summary>
/// <remarks>
/// RadLine 0.6.0 was the first choice, but it was built against Spectre.Console 0.43 and calls constructors
/// that 0.57 no longer has (MissingMethodException on its first prompt), so the editor is written here, over
/// <see cref="Console.ReadKey(bool)"/>, which already decodes the terminal's escape sequences into keys. The
/// line is redrawn whole after each key: a carriage return, the prompt and text, erase to the end, and the
/// cursor moved back.
/// </remarks>
internal sealed class TerminalLineEditor(ReplCompletion completion, ReplHistory history) : ILineSource
{
    private readonly List<string> _lines = [.. history.Load()];
    private readonly TextWriter _screen = Console.Out;

    public bool Interactive => true;

    public string? ReadLine(bool continuation)
    {
        var prompt = continuation ? "... " : "tl> ";
        var line = new EditBuffer();
        var walk = new HistoryWalk(_lines);
        var search = new HistorySearch(_lines);
        // While editing, Ctrl-C is a key like any other (it drops the line); while a query runs it is a signal.
        Console.TreatControlCAsInput = true;
        try
        {
            Draw(prompt, line);
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                switch (Edit(key, line, walk, search, prompt))
                {
                    case Outcome.Submit:
                        // Signals first: Ctrl-C typed from here on must reach the query about to run, not wait in
                        // the input as a key while the newline is drawn and the history file is written.
                        Console.TreatControlCAsInput = false;
                        _screen.Write("\n");
                        Remember(line.Text);
                        return line.Text;
                    case Outcome.Drop:
                        _screen.Write("^C\n");
                        return "";
                    case Outcome.End:
                        _screen.Write("\n");
                        return null;
                }
                Draw(prompt, line);
            }
        }
        finally
        {
            Console.TreatControlCAsInput = false;
        }
    }

    private enum Outcome { Edit, Submit, Drop, End }

    private Outcome Edit(ConsoleKeyInfo key, EditBuffer line, HistoryWalk walk, HistorySearch search, string prompt)
    {
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
        switch (key.Key)
        {
            case ConsoleKey.Enter:
                return Outcome.Submit;
            case ConsoleKey.C when control:
                return Outcome.Drop;
            case ConsoleKey.D when control:
                if (line.Length == 0)
                    return Outcome.End;
                line.DeleteAt();
                break;
            case ConsoleKey.Backspace:
                line.DeleteBefore();
                break;
            case ConsoleKey.Delete:
                line.DeleteAt();
                break;
            case ConsoleKey.LeftArrow or ConsoleKey.B when key.Key == ConsoleKey.LeftArrow || control:
                line.MoveTo(line.Cursor - 1);
                break;
            case ConsoleKey.RightArrow or ConsoleKey.F when key.Key == ConsoleKey.RightArrow || control:
                line.MoveTo(line.Cursor + 1);
                break;
            case ConsoleKey.Home or ConsoleKey.A when key.Key == ConsoleKey.Home || control:
                line.MoveTo(0);
                break;
            case ConsoleKey.End or ConsoleKey.E when key.Key == ConsoleKey.End || control:
                line.MoveTo(line.Length);
                break;
            case ConsoleKey.U when control:
                line.DeleteToStart();
                break;
            case ConsoleKey.K when control:
                line.DeleteToEnd();
                break;
            case ConsoleKey.UpArrow or ConsoleKey.P when key.Key == ConsoleKey.UpArrow || control:
                if (walk.Older(line.Text) is { } older)
                    line.Set(older);
                break;
            case ConsoleKey.DownArrow or ConsoleKey.N when key.Key == ConsoleKey.DownArrow || control:
                if (walk.Newer() is { } newer)
                    line.Set(newer);
                break;
            case ConsoleKey.R when control:
                if (search.Next(line.Text) is { } found)
                    line.Set(found);
                break;
            case ConsoleKey.Tab:
                Complete(line, prompt);
                break;
            default:
                if (key.KeyChar != '\0' && !char.IsControl(key.KeyChar))
                    line.Insert(key.KeyChar.ToString());
                break;
        }
        return Outcome.Edit;
    }

    /// <summary>
    /// Tab, as a shell does it: one candidate replaces the word; several extend it to what they share, and
    /// when they share nothing more, they are listed under the line.
    /// </summary>
    private void Complete(EditBuffer line, string prompt)
    {
        var start = line.WordStart();
        var word = line.Text[start..line.Cursor];
        if (completion.Complete(line.Text[..start], word) is not { } candidates)
            return;
        var shared = candidates.Aggregate((a, b) => a[..CommonLength(a, b)]);
        if (candidates.Length == 1)
            line.ReplaceBeforeCursor(start, candidates[0]);
        else if (shared.Length > word.Length)
            line.ReplaceBeforeCursor(start, shared);
        else
            _screen.Write("\n" + string.Join("  ", candidates) + "\n");
    }

    private static int CommonLength(string a, string b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[length] == b[length])
            length++;
        return length;
    }

    private void Draw(string prompt, EditBuffer line)
    {
        var (text, cursor) = Visible(line, Width() - prompt.Length - 1);
        var back = text.Length - cursor;
        _screen.Write("\r" + prompt + text + "\u001b[K" + (back > 0 ? $"\u001b[{back}D" : ""));
        _screen.Flush();
    }

    /// <summary>
    /// The part of a long line that fits in <paramref name="room"/> columns, around the cursor, and the cursor in
    /// it. A line wider than the terminal scrolls sideways instead of wrapping: a carriage return goes back only
    /// to the start of the row the cursor is on, so a wrapped line could not be redrawn in place.
    /// </summary>
    private static (string Text, int Cursor) Visible(EditBuffer line, int room)
    {
        if (room < 10 || line.Length <= room)
            return (line.Text, line.Cursor);
        var start = Math.Clamp(line.Cursor - room / 2, 0, line.Length - room);
        return (line.Text.Substring(start, room), line.Cursor - start);
    }

    private static int Width()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Keeps a submitted line for Up and Ctrl-R, here and in later sessions; a repeat is kept once.</summary>
    private void Remember(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || _lines.Count > 0 && _lines[^1] == text)
            return;
        _lines.Add(text);
        history.Append(text);
    }

    /// <summary>Up and Down: a position in the history, which keeps the line being typed to come back to.</summary>
    private sealed class HistoryWalk(List<string> lines)
    {
        private int _at = lines.Count;
        private string _draft = "";

        public string? Older(string current)
        {
            if (_at == 0)
                return null;
            if (_at == lines.Count)
                _draft = current;
            return lines[--_at];
        }

        public string? Newer()
        {
            if (_at >= lines.Count)
                return null;
            return ++_at == lines.Count ? _draft : lines[_at];
        }
    }
}
