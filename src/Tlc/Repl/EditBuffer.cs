using System.Text;

namespace TensorLogic.Tlc.Repl;

/// <summary>The line being edited and the cursor in it; the editor maps keys to these operations and redraws.</summary>
internal sealed class EditBuffer
{
    private readonly StringBuilder _text = new();

    public int Cursor { get; private set; }
    public string Text => _text.ToString();
    public int Length => _text.Length;

    public void Insert(string text)
    {
        _text.Insert(Cursor, text);
        Cursor += text.Length;
    }

    /// <summary>Replaces the whole line, leaving the cursor at its end (history, search).</summary>
    public void Set(string text)
    {
        _text.Clear().Append(text);
        Cursor = text.Length;
    }

    public void DeleteBefore()
    {
        if (Cursor == 0)
            return;
        _text.Remove(--Cursor, 1);
    }

    public void DeleteAt()
    {
        if (Cursor < _text.Length)
            _text.Remove(Cursor, 1);
    }

    public void DeleteToStart()
    {
        _text.Remove(0, Cursor);
        Cursor = 0;
    }

    public void DeleteToEnd() => _text.Remove(Cursor, _text.Length - Cursor);

    public void MoveTo(int position) => Cursor = Math.Clamp(position, 0, _text.Length);

    /// <summary>Where the word that ends at the cursor starts: words are separated by spaces, as in a shell.</summary>
    public int WordStart()
    {
        var start = Cursor;
        while (start > 0 && !char.IsWhiteSpace(_text[start - 1]))
            start--;
        return start;
    }

    /// <summary>Replaces the text from <paramref name="start"/> to the cursor.</summary>
    public void ReplaceBeforeCursor(int start, string text)
    {
        _text.Remove(start, Cursor - start).Insert(start, text);
        Cursor = start + text.Length;
    }
}
