namespace TensorLogic.Backends.Gpu.Relational;

/// <summary>The closure a <see cref="TransitiveClosure"/> run reached, and how.</summary>
/// <param name="Relation">The known tuples at the end: the closure when <paramref name="Converged"/>.</param>
/// <param name="Rounds">Joins run; the last found nothing new when <paramref name="Converged"/>.</param>
public sealed record ClosureResult(DeviceRelation Relation, int Rounds, bool Converged);

/// <summary>
/// <c>Reach(x, z) &lt;- E(x, z)</c> and <c>Reach(x, z) &lt;- Reach(x, y), E(y, z)</c> by semi-naive evaluation
/// on the device, from the relational primitives alone: each round joins only the tuples the last round
/// found (Δ) with the edges, keeps what is not yet known, and adds it. The template for evaluating linear
/// recursive rules on the device; nothing but the round's count returns to the host.
/// </summary>
public static class TransitiveClosure
{
    /// <summary>The closure of the edges over nodes 0 to <paramref name="nodes"/> − 1, in at most <paramref name="maxRounds"/> joins.</summary>
    public static ClosureResult Compute(DeviceRelations relations, int nodes, IEnumerable<int[]> edges, int maxRounds)
    {
        using var edgeRelation = relations.Upload(new RelationShape(nodes, nodes), edges);
        return Compute(relations, edgeRelation, maxRounds);
    }

    /// <summary>
    /// The closure of a binary relation <paramref name="edges"/>. A tuple of the closure whose shortest path
    /// has k edges is found in round k − 1, so a graph of n nodes needs at most n rounds (the last finds nothing).
    /// </summary>
    public static ClosureResult Compute(DeviceRelations relations, DeviceRelation edges, int maxRounds)
    {
        if (edges.Shape.Rank != 2 || edges.Shape.Sizes[0] != edges.Shape.Sizes[1])
            throw new ArgumentException($"a transitive closure needs a square binary relation, not one of shape {edges.Shape}", nameof(edges));
        // Edges by their source column: already their key order, so indexing sorts nothing.
        using var edgesBySource = relations.IndexForJoin(edges, [0]);
        HeadColumn[] head = [HeadColumn.Left(0), HeadColumn.Right(1)];
        var known = relations.Copy(edges);
        var delta = relations.Copy(edges);
        var rounds = 0;
        try
        {
            while (rounds < maxRounds)
            {
                rounds++;
                DeviceRelation found;
                using (var joined = relations.Join(delta, [1], edgesBySource, head))
                    found = relations.Difference(joined, known);
                delta.Dispose();
                delta = found;
                if (found.Count == 0)
                    return new ClosureResult(known, rounds, Converged: true);
                var grown = relations.UnionOfDisjoint(known, found);
                known.Dispose();
                known = grown;
            }
            return new ClosureResult(known, rounds, Converged: false);
        }
        catch
        {
            known.Dispose();
            throw;
        }
        finally
        {
            delta.Dispose();
        }
    }
}
