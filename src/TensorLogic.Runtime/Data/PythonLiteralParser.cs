using System.Globalization;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// Parses the Python literal that a .npy header holds, e.g.
/// <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (3, 4), }</c>. NumPy reads it with
/// <c>ast.literal_eval</c>, so other writers vary spacing, quotes and trailing commas; this parser accepts
/// what that accepts for the values a header can hold: dicts, tuples, lists, strings, integers (with
/// Python 2's <c>L</c> suffix), True, False and None. Results are <see cref="string"/>, <see cref="long"/>,
/// <see cref="bool"/>, null, <see cref="List{T}"/> of values (tuples and lists alike) and
/// <see cref="Dictionary{TKey, TValue}"/> with string keys.
/// </summary>
internal sealed class PythonLiteralParser
{
    private readonly string _text;
    private int _position;

    private PythonLiteralParser(string text) => _text = text;

    /// <summary>Parses <paramref name="text"/>; on failure returns false and says why in <paramref name="error"/>.</summary>
    public static bool TryParse(string text, out object? value, out string error)
    {
        var parser = new PythonLiteralParser(text);
        try
        {
            value = parser.ParseValue();
            parser.SkipWhitespace();
            if (parser._position != text.Length)
                throw parser.Error("unexpected text after the literal");
            error = "";
            return true;
        }
        catch (FormatException e)
        {
            value = null;
            error = e.Message;
            return false;
        }
    }

    private object? ParseValue()
    {
        SkipWhitespace();
        if (_position == _text.Length)
            throw Error("unexpected end");
        var c = _text[_position];
        return c switch
        {
            '{' => ParseDict(),
            '(' => ParseSequence(')'),
            '[' => ParseSequence(']'),
            '\'' or '"' => ParseString(),
            _ when c == '-' || char.IsAsciiDigit(c) => ParseInteger(),
            _ when char.IsAsciiLetter(c) => ParseName(),
            _ => throw Error($"unexpected '{c}'"),
        };
    }

    private Dictionary<string, object?> ParseDict()
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        _position++;
        while (!TryConsume('}'))
        {
            if (ParseValue() is not string key)
                throw Error("a dictionary key is not a string");
            Expect(':');
            dict[key] = ParseValue();
            if (!TryConsume(','))
            {
                Expect('}');
                break;
            }
        }
        return dict;
    }

    // "(3,)", "(2, 3)" and "()" are tuples; "(3)" is accepted as one too, though Python reads it as 3.
    private List<object?> ParseSequence(char close)
    {
        var items = new List<object?>();
        _position++;
        while (!TryConsume(close))
        {
            items.Add(ParseValue());
            if (!TryConsume(','))
            {
                Expect(close);
                break;
            }
        }
        return items;
    }

    private string ParseString()
    {
        var quote = _text[_position++];
        var start = _position;
        // Header strings are dtype codes and field names; a backslash only ever protects a quote.
        var builder = new System.Text.StringBuilder();
        while (_position < _text.Length && _text[_position] != quote)
        {
            if (_text[_position] == '\\' && _position + 1 < _text.Length)
                _position++;
            builder.Append(_text[_position++]);
        }
        if (_position == _text.Length)
            throw Error("unterminated string", start - 1);
        _position++;
        return builder.ToString();
    }

    private long ParseInteger()
    {
        var start = _position;
        if (_text[_position] == '-')
            _position++;
        while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            _position++;
        if (!long.TryParse(_text.AsSpan(start, _position - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Error("invalid integer", start);
        if (_position < _text.Length && _text[_position] is 'L' or 'l')
            _position++;
        return value;
    }

    private object? ParseName()
    {
        var start = _position;
        while (_position < _text.Length && char.IsAsciiLetterOrDigit(_text[_position]))
            _position++;
        return _text[start.._position] switch
        {
            "True" => true,
            "False" => false,
            "None" => null,
            var name => throw Error($"unexpected name '{name}'", start),
        };
    }

    private bool TryConsume(char c)
    {
        SkipWhitespace();
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }
        return false;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
            throw Error(_position < _text.Length ? $"expected '{c}' but found '{_text[_position]}'" : $"expected '{c}'");
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
            _position++;
    }

    private FormatException Error(string message, int? at = null) =>
        new($"{message} at offset {at ?? _position}");
}
