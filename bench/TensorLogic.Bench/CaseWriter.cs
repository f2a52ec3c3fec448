using System.Text.Json;
using System.Text.Json.Nodes;
using TensorLogic.Compiler.Data;
using TensorLogic.Runtime.Data;

namespace TensorLogic.Bench;

/// <summary>
/// Writes a case into its own folder: program.tl, the input files it reads, and case.json, which tells
/// bench/peers/peers.py what to compute from the same files. Inputs are float32 .npy (so every peer
/// starts from identical values) and integer .tsv tables, drawn from generators seeded per input.
/// </summary>
public static class CaseWriter
{
    public const int Seed = 20261122;

    /// <summary>
    /// The case's folder under <paramref name="root"/>, written unless an identical case is already
    /// there. Data depend only on the manifest (seed, shapes, program), so an identical manifest means
    /// identical files, and the peers' results kept beside them stay valid.
    /// </summary>
    public static string Write(BenchCase benchCase, string root, int order)
    {
        var folder = Path.Combine(root, benchCase.Name);
        var manifestPath = Path.Combine(folder, "case.json");
        var manifest = Manifest(benchCase, order);
        if (File.Exists(manifestPath) && File.ReadAllText(manifestPath) == manifest)
            return folder;
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        for (var i = 0; i < benchCase.Inputs.Length; i++)
            WriteInput(benchCase.Inputs[i], folder, new Random(Seed + i));
        File.WriteAllText(Path.Combine(folder, "program.tl"), benchCase.Program());
        // Written last: a folder interrupted half-way has no manifest and is rewritten next time.
        File.WriteAllText(manifestPath, manifest);
        return folder;
    }

    public static string Manifest(BenchCase benchCase, int order)
    {
        var inputs = new JsonArray();
        foreach (var input in benchCase.Inputs)
        {
            var entry = new JsonObject { ["tensor"] = input.Tensor, ["file"] = input.FileName };
            if (input is DenseInput dense)
                entry["shape"] = new JsonArray([.. dense.Shape.Select(s => (JsonNode)s)]);
            inputs.Add(entry);
        }
        var parameters = new JsonObject();
        foreach (var (name, value) in benchCase.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            parameters[name] = value;
        var json = new JsonObject
        {
            ["name"] = benchCase.Name,
            ["kind"] = benchCase.Kind,
            ["order"] = order,
            ["description"] = benchCase.Description,
            ["flops"] = benchCase.Flops,
            ["gemmLike"] = benchCase.GemmLike,
            ["seed"] = Seed,
            ["params"] = parameters,
            ["inputs"] = inputs,
            ["result"] = benchCase.Result,
            ["program"] = benchCase.Program(),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static void WriteInput(InputFile input, string folder, Random random)
    {
        var path = Path.Combine(folder, input.FileName);
        switch (input)
        {
            case DenseInput dense:
                var count = dense.Shape.Aggregate(1, (a, s) => a * s);
                var values = new double[count];
                for (var i = 0; i < count; i++)
                    values[i] = dense.Low + (dense.High - dense.Low) * random.NextDouble();
                using (var stream = File.Create(path))
                    NpyFormat.Write(stream, dense.Shape.AsSpan(), values, DenseElementKind.Real, float32: true);
                break;
            case TableInput table:
                File.WriteAllLines(path, table.Rows(random).Select(row => string.Join('\t', row)));
                break;
        }
    }
}
