using System.Globalization;
using TensorLogic.Compiler.Data;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// Classifies a table field as an integer, a number or a symbol, e.g. <c>-7</c>, <c>2.5e-3</c>, <c>Alice</c>.
/// The grammar is deliberately narrow (no thousands separators, hex or underscores) so that a symbol is
/// never mistaken for a number; anything else is a symbol.
/// </summary>
internal static class DataCellParser
{
    // The spellings .NET ("R" format) and NumPy/Python print for non-finite values, so that files either
    // of them writes read back as numbers. Case matters: "Nan" is a name, not a number.
    private static readonly Dictionary<string, double> NonFinite = new(StringComparer.Ordinal)
    {
        ["NaN"] = double.NaN, ["nan"] = double.NaN,
        ["Infinity"] = double.PositiveInfinity, ["+Infinity"] = double.PositiveInfinity,
        ["-Infinity"] = double.NegativeInfinity,
        ["inf"] = double.PositiveInfinity, ["+inf"] = double.PositiveInfinity, ["-inf"] = double.NegativeInfinity,
    };

    public static DataCell Symbol(string text) => new(text, null, null);

    public static DataCell Classify(string text)
    {
        if (NonFinite.TryGetValue(text, out var special))
            return new DataCell(text, null, special);
        return Shape(text) switch
        {
            NumberShape.Integer when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer)
                => new DataCell(text, integer, null),
            // An integer too large for a long is still a number; it keeps its text for error messages.
            NumberShape.Integer or NumberShape.Real
                => new DataCell(text, null, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => Symbol(text),
        };
    }

    private enum NumberShape { None, Integer, Real }

    /// <summary>Matches <c>[+-]? (digits ('.' digits?)? | '.' digits) ([eE] [+-]? digits)?</c>.</summary>
    private static NumberShape Shape(string text)
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

    private static int Digits(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
            i++;
        return i - start;
    }
}
