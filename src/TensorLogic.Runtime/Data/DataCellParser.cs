using System.Globalization;
using TensorLogic.Compiler.Data;

namespace TensorLogic.Runtime.Data;

/// <summary>A classified field: its kind, and the value that kind has.</summary>
internal readonly record struct CellValue(CellKind Kind, long Integer, double Number, bool PlainInteger)
{
    public static readonly CellValue Symbol = new(CellKind.Symbol, 0, 0, false);
}

/// <summary>
/// Classifies a table field as an integer, a number or a symbol, e.g. <c>-7</c>, <c>2.5e-3</c>, <c>Alice</c>.
/// The grammar is deliberately narrow (no thousands separators, hex or underscores) so that a symbol is
/// never mistaken for a number; anything else is a symbol.
/// </summary>
internal static class DataCellParser
{
    // Up to 18 digits cannot overflow a long, so they are summed without checks; longer ones (leading zeros,
    // or values near the limits) go through long.TryParse.
    private const int SafeDigits = 18;

    // A decimal of up to 15 digits is an exact double as an integer, and so is 10^k up to 10^22; one division
    // of two exact doubles is correctly rounded, as double.Parse is, so it gives the same value (Clinger's
    // fast path, which the runtime's parser takes too, after more work per call).
    private const int ExactDigits = 15;

    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    public static CellValue Classify(ReadOnlySpan<char> text)
    {
        // Most fields of a large file are short integers; they are read here in one pass.
        if (TryShortInteger(text, out var value, out var plain))
            return new CellValue(CellKind.Integer, value, 0, plain);
        if (TryShortDecimal(text, out var number))
            return new CellValue(CellKind.Number, 0, number, false);
        if (NonFinite(text) is { } special)
            return new CellValue(CellKind.Number, 0, special, false);
        return Shape(text) switch
        {
            NumberShape.Integer when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                => new CellValue(CellKind.Integer, integer, 0, integer.ToString(CultureInfo.InvariantCulture).AsSpan().SequenceEqual(text)),
            // An integer too large for a long is still a number.
            NumberShape.Integer or NumberShape.Real
                => new CellValue(CellKind.Number, 0, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture), false),
            _ => CellValue.Symbol,
        };
    }

    // The spellings .NET ("R" format) and NumPy/Python print for non-finite values, so that files either
    // of them writes read back as numbers. Case matters: "Nan" is a name, not a number.
    private static double? NonFinite(ReadOnlySpan<char> text) => text switch
    {
        "NaN" or "nan" => double.NaN,
        "Infinity" or "+Infinity" or "inf" or "+inf" => double.PositiveInfinity,
        "-Infinity" or "-inf" => double.NegativeInfinity,
        _ => null,
    };

    /// <summary>
    /// <c>[+-]? digits</c> with at most <see cref="SafeDigits"/> digits. <paramref name="plain"/> says whether
    /// the text is how the value prints: no '+', no leading zero, no "-0".
    /// </summary>
    private static bool TryShortInteger(ReadOnlySpan<char> text, out long value, out bool plain)
    {
        value = 0;
        plain = false;
        var negative = false;
        var i = 0;
        if (text.Length > 0 && text[0] is '+' or '-')
        {
            negative = text[0] == '-';
            i = 1;
        }
        var digits = text.Length - i;
        if (digits is 0 or > SafeDigits)
            return false;
        for (; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
                return false;
            value = value * 10 + digit;
        }
        var first = text[text.Length - digits];
        plain = text[0] != '+' && (first != '0' || (digits == 1 && !negative));
        if (negative)
            value = -value;
        return true;
    }

    /// <summary><c>[+-]? digits? '.' digits?</c> with at least one and at most <see cref="ExactDigits"/> digits.</summary>
    private static bool TryShortDecimal(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        var i = text.Length > 0 && text[0] is '+' or '-' ? 1 : 0;
        long mantissa = 0;
        var digits = 0;
        var fractionDigits = -1; // -1 until the point
        for (; i < text.Length; i++)
        {
            if (text[i] == '.' && fractionDigits < 0)
            {
                fractionDigits = 0;
                continue;
            }
            var digit = (uint)(text[i] - '0');
            if (digit > 9 || ++digits > ExactDigits)
                return false;
            mantissa = mantissa * 10 + digit;
            if (fractionDigits >= 0)
                fractionDigits++;
        }
        if (digits == 0 || fractionDigits < 0)
            return false;
        value = mantissa / PowersOfTen[fractionDigits];
        if (text[0] == '-')
            value = -value;
        return true;
    }

    private enum NumberShape { None, Integer, Real }

    /// <summary>Matches <c>[+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)?</c>.</summary>
    private static NumberShape Shape(ReadOnlySpan<char> text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '+' or '-')
            i++;
        var integerDigits = Digits(text, ref i);
        var fractionDigits = 0;
        var isReal = false;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            isReal = true;
            fractionDigits = Digits(text, ref i);
        }
        if (integerDigits + fractionDigits == 0)
            return NumberShape.None;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
                i++;
            if (Digits(text, ref i) == 0)
                return NumberShape.None;
            isReal = true;
        }
        if (i != text.Length)
            return NumberShape.None;
        return isReal ? NumberShape.Real : NumberShape.Integer;
    }

    private static int Digits(ReadOnlySpan<char> text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
            i++;
        return i - start;
    }
}
