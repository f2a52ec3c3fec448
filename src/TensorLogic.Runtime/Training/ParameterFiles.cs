using System.Collections.Immutable;
using System.Text;
using TensorLogic.Compiler.Data;
using TensorLogic.Runtime.Data;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Training;

/// <summary>
/// Learned tensors on disk: a folder with one float64 <c>.npy</c> file per tensor, readable by
/// <c>np.load</c>, and a <see cref="ParameterManifest"/> naming the tensor in each file (file names are
/// spelled by <see cref="ParameterFileNames"/>, e.g. <c>M'</c> in <c>M_prime.npy</c>).
/// </summary>
/// <remarks>
/// Every file is replaced atomically and the manifest is written last, so a save interrupted part way
/// leaves the previous manifest describing the previous, complete set. Files of tensors a later save no
/// longer has are left in place; the manifest alone says which files belong to the set.
/// </remarks>
public static class ParameterFiles
{
    /// <summary>
    /// Writes each tensor to <paramref name="directory"/>, creating it if needed. Failures are reported as
    /// TL5005 at <paramref name="at"/> and give false; the manifest is then not written.
    /// </summary>
    public static bool Save(
        string directory,
        IEnumerable<(string Name, ImmutableArray<int> Shape, double[] Values)> tensors,
        DiagnosticBag diagnostics,
        SourceLocation? at = null)
    {
        var list = tensors.ToList();
        var files = ParameterFileNames.Assign(list.Select(t => t.Name));
        if (!CreateFolder(directory, diagnostics, at))
            return false;
        foreach (var (name, shape, values) in list)
        {
            var path = Path.Combine(directory, files[name]);
            if (!AtomicFile.Write(path, stream => NpyFormat.Write(stream, shape.AsSpan(), values, DenseElementKind.Real), at, diagnostics))
                return false;
        }
        var manifest = ParameterManifest.Format(list.Select(t => new ParameterManifest.Entry(t.Name, files[t.Name], t.Shape)));
        var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(manifest);
        return AtomicFile.Write(Path.Combine(directory, ParameterManifest.FileName), stream => stream.Write(bytes), at, diagnostics);
    }

    /// <summary>
    /// The tensors the manifest of <paramref name="directory"/> lists, by name. Nothing here throws for a bad
    /// folder: a missing folder, manifest or file is reported as TL5001, a malformed manifest line or
    /// <c>.npy</c> file as TL5002, a file whose shape differs from the manifest's as TL5003, and a file that
    /// cannot be read as TL5009. Each such tensor is left out; the rest are returned.
    /// </summary>
    public static Dictionary<string, (ImmutableArray<int> Shape, double[] Values)> Load(
        string directory, DiagnosticBag diagnostics, SourceLocation? at = null)
    {
        var loaded = new Dictionary<string, (ImmutableArray<int> Shape, double[] Values)>(StringComparer.Ordinal);
        if (ReadManifest(directory, diagnostics, at) is not { } manifest)
            return loaded;
        foreach (var entry in ParameterManifest.Parse(manifest, diagnostics))
        {
            if (ReadTensor(Path.Combine(directory, entry.File), entry, diagnostics) is { } values)
                loaded[entry.Name] = (entry.Shape, values);
        }
        return loaded;
    }

    private static bool CreateFolder(string directory, DiagnosticBag diagnostics, SourceLocation? at)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(Catalog.WriteFailed, at, $"cannot create the folder '{directory}': {e.Message}");
            return false;
        }
    }

    private static SourceText? ReadManifest(string directory, DiagnosticBag diagnostics, SourceLocation? at)
    {
        if (!Directory.Exists(directory))
        {
            diagnostics.Report(Catalog.FileNotFound, at, $"the parameter folder '{directory}' was not found");
            return null;
        }
        var path = Path.Combine(directory, ParameterManifest.FileName);
        if (!File.Exists(path))
        {
            diagnostics.Report(Catalog.FileNotFound, at, $"'{path}' not found",
                $"a folder of saved parameters lists its tensors in {ParameterManifest.FileName}");
            return null;
        }
        try
        {
            var strictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            return new SourceText(File.ReadAllText(path, strictUtf8), path);
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Report(Catalog.MalformedData, at, $"'{path}' is not UTF-8 text");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(Catalog.CannotReadInput, at, $"cannot read '{path}': {e.Message}");
            return null;
        }
    }

    // Problems with one tensor's file are reported at its line of the manifest, which names the tensor.
    private static double[]? ReadTensor(string path, ParameterManifest.Entry entry, DiagnosticBag diagnostics)
    {
        if (!File.Exists(path))
        {
            diagnostics.Report(Catalog.FileNotFound, entry.Location, $"'{path}', the file of '{entry.Name}', not found");
            return null;
        }
        DenseContent? content;
        try
        {
            using var stream = File.OpenRead(path);
            content = NpyFormat.Read(stream, path, entry.Location, diagnostics);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Report(Catalog.CannotReadInput, entry.Location, $"cannot read '{path}': {e.Message}");
            return null;
        }
        if (content is null)
            return null;
        if (!content.Shape.SequenceEqual(entry.Shape))
        {
            diagnostics.Report(Catalog.DataShapeMismatch, entry.Location,
                $"'{path}' holds shape {ParameterManifest.Tuple(content.Shape)}, but the manifest gives '{entry.Name}' shape {ParameterManifest.Tuple(entry.Shape)}");
            return null;
        }
        return content.Values;
    }
}
