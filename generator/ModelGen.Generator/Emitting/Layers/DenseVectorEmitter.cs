using System.Linq;
using ModelGen.Generator.Planning;

namespace ModelGen.Generator.Emitting.Layers;

/// <summary>
/// SIMD Dense: forward computes a block of rows at once, each an independent dot product that shares the input loads;
/// backward, a block of the rows whose output gradient is not zero at a time, adds dy * x into each weight row and
/// dy * row into the input gradient, as vector multiply-adds.
/// </summary>
internal static class DenseVectorEmitter
{
    private const int RowBlock = DenseRowBlocks.Rows;
    private const int ActiveRowChunk = 256;

    public static void EmitForward(SourceWriter writer, LayerPlan layer, VectorPath path)
    {
        writer.Line("ref float x0 = ref MemoryMarshal.GetReference(input);");
        writer.Line("ref float parameters = ref MemoryMarshal.GetArrayDataReference(_parameters);");
        bool blocks = layer.DenseRowBlockWeights >= 0;
        if (blocks)
        {
            writer.Line($"ref float packed = ref {PackedWeightsEmitter.Reference(layer.DenseRowBlockWeights)}; // rows in blocks of {RowBlock}, side by side per vector");
        }

        BlockLoop.Emit(writer, "o", layer.Output.Channels, RowBlock, "row(s)", rows => EmitRows(writer, layer, path.Width, rows, 1, blocks));
    }

    /// <summary>
    /// The forward pass of <see cref="BatchedForward.Samples"/> samples at once (<c>inputs</c> [sample, input] to
    /// <c>outputs</c> [sample, output]): each vector of a weight row loaded once for all of them, every sample's dot
    /// product summed as in <see cref="EmitForward"/>, so each output is the same to the bit.
    /// </summary>
    public static void EmitForwardSamples(SourceWriter writer, LayerPlan layer, VectorPath path)
    {
        int rowBlock = path.Set.VectorRegisters() / 16; // accumulators for 8 samples per row, and the loads
        writer.Line("ref float x0 = ref MemoryMarshal.GetReference(inputs);");
        writer.Line("ref float parameters = ref MemoryMarshal.GetArrayDataReference(_parameters);");
        BlockLoop.Emit(writer, "o", layer.Output.Channels, rowBlock, "row(s)", rows => EmitRows(writer, layer, path.Width, rows, BatchedForward.Samples));
    }

    /// <summary>
    /// Rows o to o + rows - 1 for each of <paramref name="samples"/> samples (sample k's input at k x inputs), their
    /// weights read from the parameters or, with <paramref name="blocks"/>, from the packed copy (<see cref="DenseRowBlocks"/>).
    /// </summary>
    private static void EmitRows(SourceWriter writer, LayerPlan layer, int width, int rows, int samples, bool blocks = false)
    {
        int inputs = layer.Input.Channels, outputs = layer.Output.Channels;
        string Sum(int w, int r, int k) => samples == 1 ? $"sum{w}_{r}" : $"sum{w}_{r}_{k}";
        string X(int k, string i) => Shifted(i, k * inputs);
        var (loopEnd, tail) = VectorChunks.Split(inputs, width);

        // Weight (o + r, i) as a ref and an index: in a block, the loop's vectors of its rows side by side, then the
        // rest of each row (i is the loop variable, or a tail piece's offset).
        (string Reference, string Index) Weight(int r, string i) =>
            !blocks ? ("parameters", $"{layer.WeightOffset} + (o + {r}) * {inputs} + {i}")
            : i == "i" ? ("packed", $"o * {inputs} + {Code.Affine("i", rows, r * width)}")
            : ("packed", $"o * {inputs} + {(loopEnd * rows) + (r * (inputs - loopEnd)) + int.Parse(i, System.Globalization.CultureInfo.InvariantCulture) - loopEnd}");
        var widths = tail.Select(t => t.Width).Where(w => w > 1).Prepend(loopEnd > 0 ? width : 0).Where(w => w > 0).Distinct().ToList();
        foreach (int w in widths)
        {
            for (int r = 0; r < rows; r++)
            {
                writer.Line($"Vec{w} {string.Join(", ", Enumerable.Range(0, samples).Select(k => $"{Sum(w, r, k)} = Vec{w}.Zero"))};");
            }
        }

        void Step(int w, string i)
        {
            for (int r = 0; r < rows; r++)
            {
                var (reference, index) = Weight(r, i);
                string weight = $"Simd{w}.LoadUnsafe(ref {reference}, (nuint)({index}))";
                if (samples > 1)
                {
                    writer.Line($"Vec{w} weight{r} = {weight};");
                    weight = $"weight{r}";
                }

                for (int k = 0; k < samples; k++)
                {
                    string x = samples == 1 ? $"x{w}" : $"Simd{w}.LoadUnsafe(ref x0, (nuint)({X(k, i)}))";
                    if (samples == 1 && r == 0)
                    {
                        writer.Line($"Vec{w} x{w} = Simd{w}.LoadUnsafe(ref x0, (nuint)({i}));");
                    }

                    writer.Line($"{Sum(w, r, k)} = Simd{w}.FusedMultiplyAdd({weight}, {x}, {Sum(w, r, k)});");
                }
            }
        }

        if (loopEnd > 0)
        {
            using (writer.Block($"for (int i = 0; i < {loopEnd}; i += {width})"))
            {
                Step(width, "i");
            }
        }

        foreach (var (offset, w) in tail.Where(t => t.Width > 1))
        {
            using (samples > 1 ? writer.Block() : null)
            {
                Step(w, Code.Int(offset));
            }
        }

        for (int k = 0; k < samples; k++)
        {
            for (int r = 0; r < rows; r++)
            {
                string sums = string.Join(" + ", widths.Select(w => $"Simd{w}.Sum({Sum(w, r, k)})"));
                string scalars = string.Concat(tail.Where(t => t.Width == 1).Select(t =>
                {
                    var (reference, index) = Weight(r, Code.Int(t.Offset));
                    return $" + Unsafe.Add(ref {reference}, {index}) * Unsafe.Add(ref x0, {X(k, Code.Int(t.Offset))})";
                }));
                string target = samples == 1 ? $"output[o + {r}]" : $"outputs[{Code.Affine("o", 1, (k * outputs) + r)}]";
                writer.Line($"{target} = Unsafe.Add(ref parameters, {layer.BiasOffset} + o + {r}) + {(sums.Length > 0 ? sums : "0f")}{scalars};");
            }
        }
    }

    public static void EmitBackward(SourceWriter writer, LayerPlan layer, VectorPath path)
    {
        int outputs = layer.Output.Channels;
        writer.Line("ref float x0 = ref MemoryMarshal.GetReference(input);");
        writer.Line("ref float parameters = ref MemoryMarshal.GetArrayDataReference(_parameters);");
        writer.Line("ref float g0 = ref MemoryMarshal.GetReference(gradients);");
        if (layer.NeedsInputGradient)
        {
            writer.Line("ref float dx0 = ref MemoryMarshal.GetReference(inputGradient);");
            writer.Line("inputGradient.Clear();");
        }

        // A row whose output gradient is zero (behind a ReLU that was off, say) changes no gradient, and reading and
        // writing its weight gradient row is most of the cost: only the other rows are visited, a block at a time,
        // which shares each load of the input and each load and store of the input gradient. Rows stay in order,
        // so the input gradient sums in the same order as when every row is visited.
        int chunk = System.Math.Min(outputs, ActiveRowChunk);
        writer.Line($"global::System.Span<int> active = stackalloc int[{chunk}];");
        using (chunk < outputs ? writer.Block($"for (int first = 0; first < {outputs}; first += {chunk})") : writer.Block())
        {
            if (chunk == outputs)
            {
                writer.Line("const int first = 0;");
            }

            writer.Line("int count = 0;");
            string end = chunk < outputs ? $"global::System.Math.Min(first + {chunk}, {outputs})" : Code.Int(outputs);
            using (writer.Block($"for (int o = first; o < {end}; o++)"))
            {
                using (writer.Block("if (outputGradient[o] != 0f)"))
                {
                    writer.Line("active[count++] = o;");
                }
            }

            writer.Line("int n = 0;");
            using (writer.Block($"for (; n <= count - {RowBlock}; n += {RowBlock})"))
            {
                EmitBackwardRows(writer, layer, path.Width, RowBlock);
            }

            using (writer.Block("for (; n < count; n++)"))
            {
                EmitBackwardRows(writer, layer, path.Width, 1);
            }
        }
    }

    /// <summary>
    /// The rows active[n] to active[n + rows - 1]: their bias gradients, dy * x added into each weight row, and (when
    /// needed) the input gradient += dy * row for each row in order, so it sums in the same order as one row at a time.
    /// </summary>
    private static void EmitBackwardRows(SourceWriter writer, LayerPlan layer, int width, int rows)
    {
        int inputs = layer.Input.Channels;
        bool weights = !layer.DefersWeightGradient;
        var (loopEnd, tail) = VectorChunks.Split(inputs, width);
        for (int r = 0; r < rows; r++)
        {
            writer.Line($"int o{r} = active[{Code.Affine("n", 1, r)}];");
            writer.Line($"float dy{r} = outputGradient[o{r}];");
            writer.Line($"Unsafe.Add(ref g0, {layer.BiasOffset} + o{r}) += dy{r};");
            writer.Line($"nuint row{r} = (nuint)({layer.WeightOffset} + o{r} * {inputs});");
        }

        if (!weights && !layer.NeedsInputGradient)
        {
            return;
        }

        void Step(int w, string i)
        {
            if (w == 1)
            {
                if (weights)
                {
                    writer.Line($"float x = Unsafe.Add(ref x0, {i});");
                    for (int r = 0; r < rows; r++)
                    {
                        writer.Line($"Unsafe.Add(ref g0, row{r} + {i}) += dy{r} * x;");
                    }
                }

                if (layer.NeedsInputGradient)
                {
                    writer.Line($"float dx = Unsafe.Add(ref dx0, {i});");
                    for (int r = 0; r < rows; r++)
                    {
                        writer.Line($"dx += dy{r} * Unsafe.Add(ref parameters, row{r} + {i});");
                    }

                    writer.Line($"Unsafe.Add(ref dx0, {i}) = dx;");
                }

                return;
            }

            string at = $"(nuint)({i})";
            if (weights)
            {
                writer.Line($"Vec{w} x = Simd{w}.LoadUnsafe(ref x0, {at});");
                for (int r = 0; r < rows; r++)
                {
                    writer.Line($"Simd{w}.StoreUnsafe(Simd{w}.FusedMultiplyAdd(Simd{w}.Create(dy{r}), x, Simd{w}.LoadUnsafe(ref g0, row{r} + {at})), ref g0, row{r} + {at});");
                }
            }

            if (layer.NeedsInputGradient)
            {
                writer.Line($"Vec{w} dx = Simd{w}.LoadUnsafe(ref dx0, {at});");
                for (int r = 0; r < rows; r++)
                {
                    writer.Line($"dx = Simd{w}.FusedMultiplyAdd(Simd{w}.Create(dy{r}), Simd{w}.LoadUnsafe(ref parameters, row{r} + {at}), dx);");
                }

                writer.Line($"Simd{w}.StoreUnsafe(dx, ref dx0, {at});");
            }
        }

        if (loopEnd > 0)
        {
            using (writer.Block($"for (int i = 0; i < {loopEnd}; i += {width})"))
            {
                Step(width, "i");
            }
        }

        foreach (var (offset, w) in tail)
        {
            using (writer.Block())
            {
                Step(w, Code.Int(offset));
            }
        }
    }

    /// <summary>
    /// The input gradients of <see cref="BatchedForward.Samples"/> samples at once: for each vector of inputs, every
    /// weight row loaded once for all of them and multiplied by each sample's output gradient, summed over the rows in
    /// order from zero with the same multiply-adds (vector and tail) as the one-sample kernel.
    /// </summary>
    public static void EmitInputGradientSamples(SourceWriter writer, LayerPlan layer, VectorPath path)
    {
        int inputs = layer.Input.Channels, outputs = layer.Output.Channels;
        var samples = Enumerable.Range(0, BatchedForward.Samples).ToList();
        var (loopEnd, tail) = VectorChunks.Split(inputs, path.Width);
        writer.Line("ref float dy0 = ref MemoryMarshal.GetReference(outputGradients);");
        writer.Line("ref float dx0 = ref MemoryMarshal.GetReference(inputGradients);");
        writer.Line("ref float parameters = ref MemoryMarshal.GetArrayDataReference(_parameters);");
        void Step(int w, string i)
        {
            string type = w == 1 ? "float" : $"Vec{w}";
            writer.Line($"{type} {string.Join(", ", samples.Select(k => $"sum{k} = {(w == 1 ? "0f" : $"Vec{w}.Zero")}"))};");
            using (writer.Block($"for (int o = 0; o < {outputs}; o++)"))
            {
                string at = $"(nuint)({layer.WeightOffset} + o * {inputs} + {i})";
                writer.Line(w == 1 ? $"float weight = Unsafe.Add(ref parameters, {at});" : $"Vec{w} weight = Simd{w}.LoadUnsafe(ref parameters, {at});");
                foreach (int k in samples)
                {
                    string dy = $"Unsafe.Add(ref dy0, {Code.Affine("o", 1, k * outputs)})";
                    writer.Line(w == 1 ? $"sum{k} += {dy} * weight;" : $"sum{k} = Simd{w}.FusedMultiplyAdd(Simd{w}.Create({dy}), weight, sum{k});");
                }
            }

            foreach (int k in samples)
            {
                string at = Shifted(i, k * inputs);
                writer.Line(w == 1 ? $"Unsafe.Add(ref dx0, {at}) = sum{k};" : $"Simd{w}.StoreUnsafe(sum{k}, ref dx0, (nuint)({at}));");
            }
        }

        if (loopEnd > 0)
        {
            using (writer.Block($"for (int i = 0; i < {loopEnd}; i += {path.Width})"))
            {
                Step(path.Width, "i");
            }
        }

        foreach (var (offset, w) in tail)
        {
            using (writer.Block())
            {
                Step(w, Code.Int(offset));
            }
        }
    }

    /// <summary>
    /// The deferred weight gradient: per row, each vector of the weight gradient loaded once, the samples' dy x added
    /// in sample order with the same multiply-adds (vector and tail) as the per-sample kernel, and stored once.
    /// </summary>
    public static void EmitWeightGradient(SourceWriter writer, LayerPlan layer, VectorPath path)
    {
        int inputs = layer.Input.Channels, outputs = layer.Output.Channels, width = path.Width;
        var samples = Enumerable.Range(0, DeferredWeightGradient.Samples).ToList();
        var (loopEnd, tail) = VectorChunks.Split(inputs, width);
        writer.Line("ref float x0 = ref MemoryMarshal.GetReference(inputs);");
        writer.Line("ref float g0 = ref MemoryMarshal.GetReference(gradients);");
        using (writer.Block($"for (int o = 0; o < {outputs}; o++)"))
        {
            foreach (int k in samples)
            {
                writer.Line($"float dy{k} = outputGradients[{Code.Affine("o", 1, k * outputs)}];");
            }

            writer.Line("// A row without gradient in every sample (behind a ReLU that was off) is left as it is.");
            writer.Line($"if ({string.Join(" && ", samples.Select(k => $"dy{k} == 0f"))}) continue;");
            writer.Line($"nuint row = (nuint)({layer.WeightOffset} + o * {inputs});");
            void Step(int w, string i)
            {
                if (w == 1)
                {
                    writer.Line($"float sum = Unsafe.Add(ref g0, row + {i});");
                    foreach (int k in samples)
                    {
                        writer.Line($"sum += dy{k} * Unsafe.Add(ref x0, {Shifted(i, k * inputs)});");
                    }

                    writer.Line($"Unsafe.Add(ref g0, row + {i}) = sum;");
                    return;
                }

                writer.Line($"Vec{w} sum = Simd{w}.LoadUnsafe(ref g0, row + (nuint)({i}));");
                foreach (int k in samples)
                {
                    string dy = w == width ? $"d{k}" : $"Simd{w}.Create(dy{k})";
                    writer.Line($"sum = Simd{w}.FusedMultiplyAdd({dy}, Simd{w}.LoadUnsafe(ref x0, (nuint)({Shifted(i, k * inputs)})), sum);");
                }

                writer.Line($"Simd{w}.StoreUnsafe(sum, ref g0, row + (nuint)({i}));");
            }

            if (loopEnd > 0)
            {
                foreach (int k in samples)
                {
                    writer.Line($"Vec{width} d{k} = Simd{width}.Create(dy{k});");
                }

                using (writer.Block($"for (int i = 0; i < {loopEnd}; i += {width})"))
                {
                    Step(width, "i");
                }
            }

            foreach (var (offset, w) in tail)
            {
                using (writer.Block())
                {
                    Step(w, Code.Int(offset));
                }
            }
        }
    }

    /// <summary><paramref name="i"/> (the loop variable, or a tail piece's literal offset) plus <paramref name="offset"/>, folded when a literal.</summary>
    private static string Shifted(string i, int offset) =>
        int.TryParse(i, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int at) ? Code.Int(at + offset) : Code.Affine(i, 1, offset);
}
