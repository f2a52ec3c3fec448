using TensorLogic.Backends.Cpu.Execution;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Training;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Samples.Embedding;

/// <summary>
/// The calls docs/api.md walks through, each returning plain .NET values so that a test can check them:
/// check a program, run its queries, feed tensors from arrays, read tensors back, and train.
/// </summary>
public static class Examples
{
    /// <summary>
    /// Checks <paramref name="text"/> as if it were the file <paramref name="path"/> (imports and data files are
    /// found relative to it); the diagnostics, formatted as tlc prints them, are the exception's message.
    /// </summary>
    public static BoundProgram Check(string text, string path = "embedded.tl")
    {
        var compiled = Compilation.Compile([new SourceText(text, path)], new DataFileReader());
        if (compiled.HasErrors)
            throw new InvalidOperationException(DiagnosticFormatter.Format(compiled.Diagnostics));
        return compiled.Bound!;
    }

    /// <summary>A Datalog query's answer is a table: one row of symbols per binding of its variables.</summary>
    public static IReadOnlyList<string> Ancestors(string person)
    {
        var program = Check($"""
            Parent(Alice, Bob)
            Parent(Bob, Charlie)
            Parent(Charlie, Dana)
            Ancestor(x, y) <- Parent(x, y)
            Ancestor(x, z) <- Ancestor(x, y), Parent(y, z)
            Ancestor({person}, x)?
            """);
        using var session = new Session(program, new CpuEngine(), new EvaluationOptions());
        var answer = (RowsAnswer)session.Run().OfType<AnswerResult>().Single().Answer;
        return [.. answer.Rows.Select(row => row[0].ToString())];
    }

    /// <summary>
    /// The tensors a program declares but never defines are its inputs: the caller fills them, and the session
    /// computes the rest. Naming them when the session is made keeps the compiler from folding their
    /// current (empty) contents into constants.
    /// </summary>
    public static double Perceptron(ReadOnlySpan<double> weights, ReadOnlySpan<double> input)
    {
        var program = Check("""
            W : real[4]
            X : real[4]
            Y = step(W[i] X[i])
            """);
        var (w, x) = (program.FindTensor("W")!, program.FindTensor("X")!);
        using var session = new Session(program, new CpuEngine(), new EvaluationOptions(), inputs: [w, x], roots: [program.FindTensor("Y")!]);
        session.SetData([(w, new DenseTensor<double>(w.Shape, weights.ToArray())), (x, new DenseTensor<double>(x.Shape, input.ToArray()))]);
        return session.Evaluate(program.FindTensor("Y")!).Get([]);
    }

    /// <summary>
    /// Trains the tensors a program's <c>learn</c> statement names, as <c>tlc train</c> does, and returns the
    /// learned values by name together with the last epoch's loss.
    /// </summary>
    public static (IReadOnlyDictionary<string, double[]> Parameters, double Loss) Train(string text)
    {
        var diagnostics = new DiagnosticBag();
        var request = new TrainingRequest([new SourceText(text, "embedded.tl")], new DataFileReader(), new CpuEngine());
        using var trainer = Trainer.Prepare(request, diagnostics)
            ?? throw new InvalidOperationException(DiagnosticFormatter.Format(diagnostics.ToSortedArray()));
        var result = trainer.Run(new QuietObserver(), diagnostics);
        return (result.Parameters.ToDictionary(p => p.Name, p => p.Values), result.Log.Epochs[^1].TrainLoss);
    }

    /// <summary>examples/learning/xor.tl: a two-layer network whose W1, B1, W2 and B2 are learned.</summary>
    public const string Xor = """
        X = [[0, 0], [0, 1], [1, 0], [1, 1]]
        Y = [0, 1, 1, 0]
        W1 : real[4, 2]
        B1 : real[4]
        W2 : real[4]
        B2 : real
        H[e, h] = tanh(W1[h, i] X[e, i] + B1[h])
        O[e] = sig(W2[h] H[e, h] + B2)
        Loss avg= (O[e] - Y[e])^2
        learn Loss with optimizer=adam, lr=0.05, epochs=300, seed=1
        O?
        """;

    /// <summary>
    /// Runs a trained program's queries with the learned values, as <c>tlc run --params</c> does: the learned
    /// tensors are the session's inputs. Returns the first query's answer as a flat array.
    /// </summary>
    public static double[] Predict(string text, IReadOnlyDictionary<string, double[]> parameters)
    {
        var program = Check(text);
        var learned = parameters.Keys.Select(name => program.FindTensor(name)!).ToList();
        using var session = new Session(program, new CpuEngine(), new EvaluationOptions(), inputs: learned);
        session.SetData([.. learned.Select(t => (t, (TensorValue)new DenseTensor<double>(t.Shape, parameters[t.Name])))]);
        var answer = (TensorAnswer)session.Run().OfType<AnswerResult>().First().Answer;
        return [.. answer.Data];
    }

    /// <summary>Training reports each epoch and batch to an observer; an embedder that shows no progress ignores them.</summary>
    private sealed class QuietObserver : ITrainingObserver
    {
        public void EpochStarted(int epoch, int epochs, int batches) { }

        public void BatchDone(int batch, double loss, int examples) { }

        public void EpochDone(EpochSummary summary) { }
    }
}
