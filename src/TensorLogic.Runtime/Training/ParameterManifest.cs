using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// <c>manifest.tsv</c> of a parameter folder: a header, then one line per tensor with its exact name, its
/// file in the folder and its shape as Python prints a tuple — what maps files back to names.
/// <code>
/// name	file	shape
/// W	W.npy	(3, 4)
/// M'	M_prime.npy	(2,)
/// s	s.npy	()
/// </code>
/// </summary>
public static class ParameterManifest
{
    public const string FileName = "manifest.tsv";

    public const string Header = "name\tfile\tshape";

    /// <summary>One line of the manifest, with where it is, to point diagnostics about its tensor at it.</summary>
    public sealed record Entry(string Name, string File, ImmutableArray<int> Shape, SourceLocation? Location = null);

    public static string Format(IEnumerable<Entry> entries)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var entry in entries)
        {
            // Names come from the grammar, which has no tabs or line breaks; one here is a caller's bug.
            if (entry.Name.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
                throw new ArgumentException($"the tensor name '{entry.Name}' cannot be written on one line of a .tsv file", nameof(entries));
            text.Append(entry.Name).Append('\t').Append(entry.File).Append('\t').Append(Tuple(entry.Shape)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// The entries of <paramref name="manifest"/>. A malformed line is reported as TL5002 where it is and
    /// left out; blank lines are ignored.
    /// </summary>
    public static List<Entry> Parse(SourceText manifest, DiagnosticBag diagnostics)
    {
        var entries = new List<Entry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sawHeader = false;
        for (var line = 0; line < manifest.LineCount; line++)
        {
            var text = manifest.GetLineText(line);
            if (text.Length == 0)
                continue;
            var at = new SourceLocation(manifest, new TextSpan(manifest.GetLineStart(line), text.Length));
            if (!sawHeader)
            {
                sawHeader = true;
                if (text != Header)
                    diagnostics.Report(Catalog.MalformedData, at, $"'{manifest.Path}' does not start with the header '{Header.Replace("\t", "<TAB>")}'");
                continue;
            }
            if (ParseLine(text, at, diagnostics) is { } entry)
            {
                if (names.Add(entry.Name))
                    entries.Add(entry);
                else
                    diagnostics.Report(Catalog.MalformedData, at, $"'{manifest.Path}' lists the tensor '{entry.Name}' twice");
            }
        }
        return entries;
    }

    private static Entry? ParseLine(string text, SourceLocation at, DiagnosticBag diagnostics)
    {
        var fields = text.Split('\t');
        if (fields.Length != 3)
            return Malformed(at, diagnostics, $"a line of '{at.Source.Path}' needs 3 tab-separated fields (name, file, shape), not {fields.Length}");
        var (name, file, shape) = (fields[0], fields[1], fields[2]);
        if (name.Length == 0)
            return Malformed(at, diagnostics, $"a line of '{at.Source.Path}' has an empty tensor name");
        // Only a plain name in the folder itself: a manifest must not lead the reader anywhere else.
        if (file != Path.GetFileName(file) || file is "" or "." or ".." || file.Contains('/') || file.Contains('\\'))
            return Malformed(at, diagnostics, $"the file '{file}' of '{name}' is not a file name within the folder");
        if (ParseTuple(shape) is not { } dimensions)
            return Malformed(at, diagnostics, $"the shape '{shape}' of '{name}' is not a tuple of sizes such as (3, 4), (3,) or ()");
        return new Entry(name, file, dimensions, at);
    }

    private static Entry? Malformed(SourceLocation at, DiagnosticBag diagnostics, string message)
    {
        diagnostics.Report(Catalog.MalformedData, at, message);
        return null;
    }

    /// <summary>A shape as Python prints a tuple: <c>()</c>, <c>(3,)</c>, <c>(3, 4)</c>.</summary>
    public static string Tuple(ImmutableArray<int> shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";

    private static ImmutableArray<int>? ParseTuple(string text)
    {
        if (text.Length < 2 || text[0] != '(' || text[^1] != ')')
            return null;
        var parts = text[1..^1].Split(',');
        // "(3,)" splits into "3" and a final empty part; "()" into one empty part.
        var count = parts[^1].Trim().Length == 0 ? parts.Length - 1 : parts.Length;
        var shape = ImmutableArray.CreateBuilder<int>(count);
        for (var i = 0; i < count; i++)
        {
            if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                return null;
            shape.Add(size);
        }
        return shape.MoveToImmutable();
    }
}
