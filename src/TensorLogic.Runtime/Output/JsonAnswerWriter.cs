using System.Text;
using System.Text.Json;
using TensorLogic.Runtime.Execution;

namespace TensorLogic.Runtime.Output;

/// <summary>
/// JSON Lines, one object per query, for programs and tests that read answers:
/// <c>{"query": "R(A, x)?", "vars": ["x"], "rows": [["B"]]}</c>,
/// <c>{"query": "...", "value": true}</c>, <c>{"query": "...", "shape": [2, 3], "data": [...]}</c>.
/// </summary>
public static class JsonAnswerWriter
{
    public static string Format(QueryAnswer answer)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("query", answer.Query.Text);
            switch (answer)
            {
                case TruthAnswer truth:
                    json.WriteBoolean("value", truth.Value);
                    break;
                case RowsAnswer rows:
                    json.WriteStartArray("vars");
                    foreach (var variable in rows.Variables)
                        json.WriteStringValue(variable);
                    json.WriteEndArray();
                    json.WriteStartArray("rows");
                    foreach (var row in rows.Rows)
                    {
                        json.WriteStartArray();
                        foreach (var value in row)
                            WriteValue(json, value);
                        json.WriteEndArray();
                    }
                    json.WriteEndArray();
                    break;
                case TensorAnswer tensor:
                    json.WriteStartArray("shape");
                    foreach (var size in tensor.Shape)
                        json.WriteNumberValue(size);
                    json.WriteEndArray();
                    json.WriteStartArray("data");
                    foreach (var value in tensor.Data)
                        WriteNumber(json, value, tensor.IsInteger);
                    json.WriteEndArray();
                    break;
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteValue(Utf8JsonWriter json, AnswerValue value)
    {
        if (value.Symbol is { } symbol)
            json.WriteStringValue(symbol);
        else
            json.WriteNumberValue(value.Integer);
    }

    /// <summary>JSON has no NaN or infinities; they are written as the strings "NaN", "Infinity", "-Infinity".</summary>
    private static void WriteNumber(Utf8JsonWriter json, double value, bool integer)
    {
        if (!double.IsFinite(value))
            json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        else if (integer)
            json.WriteNumberValue((long)Math.Round(value));
        else
            json.WriteNumberValue(value);
    }
}
