using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// <c>tlc run --explain 'Dist[C]'</c> and the REPL's <c>:why</c> on cells of <c>min=</c>/<c>max=</c> tensors: the
/// chain of equation instances that attains the value, the cheapest route and not merely a route, the
/// shortest chain among tied ones, widest paths, unreached cells, and a clear error for a cell of a sum.
/// The trees are compared with golden files in golden/explain.
/// </summary>
public sealed class ExplainOptimumTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// Two routes to C: A → B → C costs 1 + 2 = 3, the direct edge A → C costs 5. D has no route from A, so
    /// Dist[D] is Infinity, and its edge to C offers C nothing better.
    /// </summary>
    private const string Routes = """
        Edge(A, B)
        Edge(B, C)
        Edge(A, C)
        Edge(D, C)
        Cost : real[Node, Node]
        Cost[A, B] = 1.0
        Cost[B, C] = 2.0
        Cost[A, C] = 5.0
        Cost[D, C] = 1.0
        Dist[A] = 0.0
        Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)
        Dist?
        """;

    [Theory]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    [InlineData("reference")]
    public void The_chain_follows_the_cheaper_route_down_to_the_source(string engine)
    {
        var program = _folder.Write("routes.tl", Routes);
        var result = TlcRun.Invoke("run", program, "--explain", "Dist[C]", "--engine", engine);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.Verify(result.Stdout, "explain/cheaper-route");
    }

    [Fact]
    public void A_cell_nothing_reaches_says_so()
    {
        var program = _folder.Write("routes.tl", Routes);
        var result = TlcRun.Invoke("run", program, "--explain", "Dist[D]");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Dist[D] = Infinity   unreached: nothing gives it a value other than min='s identity\n", result.Stdout);
    }

    [Fact]
    public void Among_tied_instances_the_shortest_chain_is_chosen()
    {
        // Dist[C] = 2 two ways: A → B → C (1 + 1) and A → C (2). Edge(B, C) comes first, so the first
        // binding found is x = B; the direct edge makes the shorter chain. The zero-cost cycle A → C → A
        // ties Dist[A] = 0 between its equation and Dist[C] - 2, and the recursive equation comes first:
        // only the height search keeps the chain from going round the cycle.
        var program = _folder.Write("tie.tl", """
            Edge(A, B)
            Edge(B, C)
            Edge(A, C)
            Edge(C, A)
            Cost : real[Node, Node]
            Cost[A, B] = 1.0
            Cost[B, C] = 1.0
            Cost[A, C] = 2.0
            Cost[C, A] = -2.0
            Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)
            Dist[A] = 0.0
            Dist?
            """);
        var result = TlcRun.Invoke("run", program, "--explain", "Dist[C]");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.Verify(result.Stdout, "explain/tie-shortest-chain");
    }

    [Fact]
    public void A_widest_path_with_max_goes_down_to_the_data()
    {
        // A path is as wide as its narrowest edge, min(W, C) = W - relu(W - C). To T: through A min(5, 4) = 4,
        // through B min(9, 3) = 3, directly 2. The source's width is data from a file; U is cut off.
        _folder.Write("width.tsv", "S\t100\n");
        var program = _folder.Write("widest.tl", """
            Edge(S, A)
            Edge(A, T)
            Edge(S, B)
            Edge(B, T)
            Edge(S, T)
            Edge(U, T)
            Cap : real[Node, Node]
            Cap[S, A] = 5.0
            Cap[A, T] = 4.0
            Cap[S, B] = 9.0
            Cap[B, T] = 3.0
            Cap[S, T] = 2.0
            Cap[U, T] = 50.0
            Width : real[Node]
            Width = "width.tsv"
            Width[y] max= Edge(x, y) (Width[x] - relu(Width[x] - Cap[x, y]))
            Width?
            """);
        var result = TlcRun.Invoke("run", program, "--explain", "Width[T]");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.Verify(result.Stdout, "explain/widest-path");
        var unreached = TlcRun.Invoke("run", program, "--explain", "Width[U]");
        Assert.Equal("Width[U] = -Infinity   unreached: nothing gives it a value other than max='s identity\n", unreached.Stdout);
    }

    [Fact]
    public void Why_in_the_repl_explains_a_cell_with_the_derivations_of_the_atoms_it_read()
    {
        var result = TlcRun.InvokeWithInput("""
            Road(Home, Shop)
            Road(Shop, Work)
            Road(Home, Work)
            Edge(x, y) <- Road(x, y)
            Cost : real[Place, Place]
            Cost[Home, Shop] = 1.5
            Cost[Shop, Work] = 1.5
            Cost[Home, Work] = 4.0
            Dist[Home] = 0.0
            Dist[y] min= (Dist[x] + Cost[x, y]) Edge(x, y)
            :why Dist[Work]
            """, "repl");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.Verify(result.Stdout, "explain/repl-why");
    }

    [Fact]
    public void A_cell_of_a_sum_is_an_error_with_a_caret()
    {
        var program = _folder.Write("routes.tl", Routes);
        var result = TlcRun.Invoke("run", program, "--explain", "Cost[A, B]");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("""
            <goal>:1:1: error TL2046: 'Cost' is neither true-or-false nor computed with min= or max=, so no derivation or chain explains its cells
             1 | Cost[A, B]?
               | ^~~~~~~~~~~
              = help: explain an atom of a relation (Reach(A, D)) or a cell of a min= or max= tensor (Dist[C]); a sum has no one binding that made it
            1 error

            """, result.Stderr);
    }
}
