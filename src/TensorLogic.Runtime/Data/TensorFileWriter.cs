using TensorLogic.Compiler.Data;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;

namespace TensorLogic.Runtime.Data;

/// <summary>
/// <c>"out.npy" = T</c>: writes a tensor in the format its extension names, always atomically.
/// <c>.npy</c> holds the dense array (booleans for a Boolean tensor); <c>.tsv</c>/<c>.csv</c> one line per
/// true tuple of a relation, or per non-zero element of a real tensor with its value last; <c>.txt</c>
/// the words of a Boolean position×word matrix, in position order.
/// </summary>
public static class TensorFileWriter
{
    public static bool Write(BoundFileWrite write, TensorValue value, DiagnosticBag diagnostics)
    {
        var format = DataFileFormats.FromPath(write.Path);
        if (format is null)
        {
            diagnostics.Report(Catalog.UnsupportedFileFormat, write.Location,
                $"cannot write '{Path.GetFileName(write.Path)}': unknown file format", DataFileFormats.SupportedList);
            return false;
        }
        var tensor = write.Tensor;
        if (format is DataFileFormat.Tsv or DataFileFormat.Csv)
        {
            var rows = Rows(tensor, value).ToList();
            if (rows.FirstOrDefault(r => TableWriter.Check(r, format.Value) is not null) is { } bad)
            {
                // What only .tsv cannot hold, .csv can, by quoting; line breaks neither can.
                var help = format == DataFileFormat.Tsv && TableWriter.Check(bad, DataFileFormat.Csv) is null
                    ? "a .csv file can hold such fields: it quotes them"
                    : null;
                diagnostics.Report(Catalog.WriteFailed, write.Location,
                    $"cannot write '{write.Path}': {TableWriter.Check(bad, format.Value)}", help);
                return false;
            }
            return AtomicFile.Write(write.Path, stream => TableWriter.Write(stream, rows, format.Value), write.Location, diagnostics);
        }
        if (format == DataFileFormat.Txt)
        {
            if (!tensor.IsBoolean || tensor.Rank != 2)
            {
                diagnostics.Report(Catalog.WriteFailed, write.Location,
                    $"cannot write '{tensor.Name}' as text: a .txt file holds a Boolean position×word matrix");
                return false;
            }
            var words = value.NonZeros().OrderBy(c => c.Cell[0]).Select(c => tensor.Domains[1].Format(c.Cell[1]));
            return AtomicFile.Write(write.Path, stream =>
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                writer.Write(string.Join(' ', words) + "\n");
            }, write.Location, diagnostics);
        }
        var kind = tensor.Type switch
        {
            ElementType.Boolean => DenseElementKind.Boolean,
            ElementType.Integer => DenseElementKind.Integer,
            _ => DenseElementKind.Real,
        };
        if (kind == DenseElementKind.Real && value is DenseTensor<float> singles)
            return AtomicFile.Write(write.Path, stream => NpyFormat.WriteWidened(stream, [.. tensor.Shape], singles.Data), write.Location, diagnostics);
        var dense = Dense(value);
        if (kind == DenseElementKind.Integer)
            dense = [.. dense.Select(v => Math.Round(v))];
        return AtomicFile.Write(write.Path, stream => NpyFormat.Write(stream, [.. tensor.Shape], dense, kind), write.Location, diagnostics);
    }

    private static double[] Dense(TensorValue value) => value.ToDouble().Data;

    private static IEnumerable<IReadOnlyList<string>> Rows(TensorSymbol tensor, TensorValue value)
    {
        var domains = tensor.Domains;
        foreach (var (cell, element) in value.NonZeros())
        {
            var row = cell.Select((v, p) => domains[p].Format(v)).ToList();
            if (!tensor.IsBoolean)
                row.Add(TableWriter.FormatNumber(element));
            yield return row;
        }
    }
}
