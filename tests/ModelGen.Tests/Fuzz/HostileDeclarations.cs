using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using ModelGen.Tests.Reference;

namespace ModelGen.Tests.Fuzz;

/// <summary>
/// One model declaration for the generator fuzzer. <see cref="Key"/> is the name every generated file of this
/// declaration starts with (its namespace, or its outermost type in the global namespace), and
/// <see cref="TypeName"/> the model class's name, so failures can name the declaration.
/// </summary>
internal sealed record FuzzDeclaration(int Index, string Key, string TypeName, string Text, string Notes)
{
    public override string ToString() => $"#{Index} [{Notes}]\n{Text}";
}

/// <summary>
/// Random model declarations, from valid to hostile: random layer sequences and argument values (negative, zero,
/// huge, missing, of the wrong type), odd named arguments, duplicated and contradictory attributes, unknown
/// attributes, syntax errors in the attribute list, and every shape of class the generator might meet (nested,
/// generic, non-partial, static, record, keyword names). Everything comes from the <see cref="Random"/> given,
/// so a seed reproduces a run.
/// </summary>
internal static class HostileDeclarations
{
    /// <summary>Declared once at the top of every fuzz source, so [Dropout] binds to a real, unknown attribute.</summary>
    public const string Preamble = """
        using ModelGen;
        [System.AttributeUsage(System.AttributeTargets.Class, AllowMultiple = true)]
        public sealed class DropoutAttribute : System.Attribute { public DropoutAttribute() { } public DropoutAttribute(float rate) { } }

        """;

    private static readonly string[] Layers = ["Conv2D", "MaxPool2D", "AvgPool2D", "GlobalAvgPool2D", "Flatten", "Dense", "ReLU", "LeakyReLU", "Sigmoid", "Tanh"];

    // Integers the planner must survive: zero, negative, at and around every limit, and beyond int.
    private static readonly string[] HostileInts =
    [
        "0", "-1", "-7", "int.MaxValue", "int.MinValue", "1 << 20", "(1 << 20) + 1", "1048575", "100000", "65536", "4096", "1 << 24",
        "1 << 28", "1 << 30", "0x7fffffff", "1_000_000", "-0", "'a'", "(int)3.9", "unchecked((int)4294967297)", "46341", "3",
    ];

    // Arguments of the wrong kind: the compiler rejects them, the generator must stay quiet and alive.
    private static readonly string[] WrongArguments =
    [
        "\"8\"", "8.0f", "2.5", "1e3", "null", "true", "default", "3L", "Stride", "nameof(Dense)", "new[] { 1, 2 }", "(ModelTask)1", "8m", "",
    ];

    private static readonly string[] Tasks =
    [
        "ModelTask.Binary", "ModelTask.MultiLabel", "ModelTask.MultiClass", "(ModelTask)42", "(ModelTask)(-1)", "(ModelTask)3", "1", "default",
        "\"Binary\"", "ModelTask.Binary | ModelTask.MultiClass", "(ModelTask)int.MaxValue", "null",
    ];

    private static readonly string[] UnknownAttributes =
    [
        "Dropout", "Dropout(0.5f)", "BatchNorm(3)", "Relu", "Dense2D(3)", "System.Serializable", "System.Obsolete", "System.Obsolete(\"old\")",
        "ModelGen.Dense(2)", "global::ModelGen.ReLUAttribute", "DenseAttribute(4)", "System.Diagnostics.DebuggerDisplay(\"x\")", "Labels",
        "Model", "LayerAttribute",
    ];

    private static readonly string[] StrayTokens = ["(", ")", "[", "]", ",", ";", "@", "$", "=>", "=", "\"", "'", "::", ".", "?", "!", "Dense", "42", "Stride = 2"];

    private static readonly string[] Keywords = ["class", "event", "int", "base", "namespace", "void"];

    /// <summary>Declarations that must end in a size-budget or size-limit answer, not a giant file or an out-of-memory build.</summary>
    public static readonly string[] Huge =
    [
        "[Model(3, 4096, 4096)][Conv2D(8, 3), ReLU, MaxPool2D(2), Conv2D(16, 3), GlobalAvgPool2D, Dense(10)]",
        "[Model(1, 4096, 4096)][Conv2D(4, 3), Conv2D(4, 3), GlobalAvgPool2D, Dense(2)]",
        "[Model(1, 4096, 4096)][Conv2D(2, 3, Stride = 2), ReLU, Conv2D(2, 3, Stride = 2), Flatten, Dense(2)]",
        "[Model(3, 32, 32)][Conv2D(2048, 3, Padding = 1), ReLU, Conv2D(2048, 3, Padding = 1), GlobalAvgPool2D, Dense(10)]",
        "[Model(4096, 8, 8)][Conv2D(4096, 3), ReLU, Conv2D(4096, 3), GlobalAvgPool2D, Dense(2)]",
        "[Model(3, 4096, 4096)][Conv2D(4096, 3, Padding = 1), GlobalAvgPool2D, Dense(2)]",
        "[Model(1, 64, 64)][Conv2D(8, 63), Flatten, Dense(2)]",
        "[Model(1, 4, 4)][Conv2D(1, 1000, Padding = 500), Flatten, Dense(2)]",
        "[Model(1, 8, 8)][Conv2D(1, 1048576, Padding = 524288), Flatten, Dense(2)]",
        "[Model(1, 1, 1048577)][Conv2D(1, 1, Stride = 1048576, Padding = 1048576), Flatten, Dense(2)]",
        "[Model(1, 1, 1048577)][Conv2D(4, 1, Stride = 1048576, Padding = 1048576), Conv2D(4, 1, Stride = 1, Padding = 1048576), Flatten, Dense(2)]",
        "[Model(1000000)][Dense(1000000), Dense(2)]",
        "[Model(16777216)][Dense(16), Dense(2)]",
        "[Model(255)][Dense(1048576), ReLU, Dense(2)]",
        "[Model(8, 8192, 8192)][Conv2D(1, 1), Flatten, Dense(2)]",
        "[Model(1, 8192, 8192)][MaxPool2D(8192), Flatten, Dense(2)]",
        "[Model(1, 8192, 8192)][AvgPool2D(2, Stride = 1), Conv2D(2, 3), GlobalAvgPool2D, Dense(2)]",
        "[Model(1024, 1024, 1)][Conv2D(1024, 1), ReLU, Conv2D(1024, 1), Flatten, Dense(2)]",
        "[Model(1, 16, 16)][Conv2D(1048576, 1), GlobalAvgPool2D, Dense(2)]",
        "[Model(int.MaxValue, int.MaxValue, int.MaxValue)][Conv2D(int.MaxValue, int.MaxValue), Flatten, Dense(int.MaxValue)]",
        "[Model(16777216, 1, 1)][Conv2D(16, 1), Flatten, Dense(2)]",
        "[Model(46341, 46341, 1)][Flatten, Dense(2)]",
        "[Model(3, 224, 224)][Conv2D(64, 7, Stride = 2, Padding = 3), ReLU, MaxPool2D(3, Stride = 2), Conv2D(512, 3, Padding = 1), Conv2D(512, 3, Padding = 1), GlobalAvgPool2D, Dense(1000)]",
        "[Model(1, 28, 28)][Flatten, Dense(100000), ReLU, Dense(2048), ReLU, Dense(10)]",
    ];

    public static FuzzDeclaration HugeCase(int index, string attributes) =>
        new(index, $"N{index}", $"Huge{index}", $"namespace N{index}\n{{\n{attributes}\npublic partial class Huge{index} {{ }}\n}}\n", "huge");

    public static FuzzDeclaration Next(Random random, int index)
    {
        var notes = new List<string>();
        var lists = new List<string>();

        // The [Model] attribute, and the layers: a valid random architecture, or a random sequence of layers.
        string modelAttribute;
        List<string> layers;
        if (random.Next(3) == 0)
        {
            ReferenceNetwork network = RandomArchitectures.Next(random);
            modelAttribute = $"Model({string.Join(", ", network.InputShape)}, Task = ModelTask.{network.Task})";
            layers = network.Layers.Select(l => l.Declaration).ToList();
            notes.Add("valid base");
        }
        else
        {
            modelAttribute = RandomModel(random, notes);
            layers = Enumerable.Range(0, random.Next(0, 9)).Select(_ => RandomLayer(random, notes)).ToList();
            notes.Add("random layers");
        }

        if (random.Next(4) == 0 && layers.Count > 0)
        {
            // Hostile edits of single layers in an otherwise sensible list.
            int edits = random.Next(1, 3);
            for (int e = 0; e < edits; e++)
            {
                layers[random.Next(layers.Count)] = RandomLayer(random, notes);
            }
        }

        if (random.Next(8) == 0)
        {
            layers.Insert(random.Next(layers.Count + 1), Pick(random, UnknownAttributes));
            notes.Add("unknown attribute");
        }

        lists.Add(modelAttribute);
        if (layers.Count > 0)
        {
            // One list, or the layers spread over several lists, sometimes sharing a list with [Model].
            int split = random.Next(4);
            if (split == 0)
            {
                lists[0] += ", " + string.Join(", ", layers);
            }
            else if (split == 1)
            {
                lists.AddRange(layers);
            }
            else
            {
                lists.Add(string.Join(", ", layers));
            }
        }

        string? secondDeclaration = null;
        switch (random.Next(16))
        {
            case 0:
                lists.Add($"Labels({string.Join(", ", Enumerable.Range(0, random.Next(0, 6)).Select(i => $"\"label{i}\""))})");
                notes.Add("labels");
                break;
            case 1:
                lists.Add(Pick(random, ["Labels(null)", "Labels(\"a\", null)", "Labels(\"a\"), Labels(\"b\")", "Labels(\"\\\"quoted\\\"\", \"back\\\\slash\", \"new\\nline\")", "Labels(new string[0])", "Labels(1, 2)"]));
                notes.Add("odd labels");
                break;
            case 2:
                lists.Add(RandomModel(random, notes));
                notes.Add("second [Model]");
                break;
            case 3:
                secondDeclaration = random.Next(2) == 0 ? $"[{RandomModel(random, notes)}]" : $"[{RandomLayer(random, notes)}, Dense(2)]";
                notes.Add("attributes on a second partial declaration");
                break;
        }

        string attributeText = string.Concat(lists.Select(l => $"[{l}]"));
        if (random.Next(5) == 0)
        {
            attributeText = BreakSyntax(random, attributeText, notes);
        }

        return Wrap(random, index, attributeText, secondDeclaration, notes);
    }

    private static string RandomModel(Random random, List<string> notes)
    {
        int form = random.Next(12);
        string shape = form switch
        {
            0 => "",
            1 => "null",
            2 => $"new[] {{ {string.Join(", ", Enumerable.Range(0, random.Next(0, 5)).Select(_ => SmallOrHostile(random)))} }}",
            3 => "new int[0]",
            4 => $"inputShape: {SmallOrHostile(random)}",
            _ => string.Join(", ", Enumerable.Range(0, Pick(random, [1, 3, 3, 3, 2, 4, 0])).Select(_ => random.Next(3) == 0 ? SmallOrHostile(random) : random.Next(1, 33).ToString())),
        };
        if (form < 5)
        {
            notes.Add("odd model shape");
        }

        var parts = new List<string>();
        if (shape.Length > 0)
        {
            parts.Add(shape);
        }

        if (random.Next(2) == 0)
        {
            parts.Add("Task = " + Pick(random, Tasks));
        }

        if (random.Next(20) == 0)
        {
            parts.Add(Pick(random, ["Task = ModelTask.Binary", "Stride = 2", "InputShape = null", "Taks = ModelTask.Binary"]));
            notes.Add("odd named argument on [Model]");
        }

        return random.Next(12) == 0 && parts.Count == 0 ? "Model" : $"Model({string.Join(", ", parts)})";
    }

    private static string RandomLayer(Random random, List<string> notes)
    {
        string kind = Pick(random, Layers);
        int positional = kind switch
        {
            "Conv2D" => 2,
            "MaxPool2D" or "AvgPool2D" or "Dense" => 1,
            "LeakyReLU" => random.Next(2),
            _ => 0,
        };

        // Missing or extra positional arguments now and then.
        if (random.Next(10) == 0)
        {
            positional = Math.Max(0, positional + Pick(random, [-2, -1, 1]));
            notes.Add($"{kind} with {positional} positional arguments");
        }

        var arguments = new List<string>();
        for (int a = 0; a < positional; a++)
        {
            arguments.Add(kind == "LeakyReLU" ? Pick(random, ["0.2f", "0f", "-1f", "float.NaN", "float.PositiveInfinity", "float.MaxValue", "1e-45f", "-0f", "1", "0.5", "\"x\""]) : Argument(random, notes));
        }

        if (random.Next(4) == 0 && arguments.Count > 0)
        {
            arguments[0] = $"{Pick(random, ["filters", "kernel", "size", "units", "slope", "rate"])}: {arguments[0]}";
            notes.Add("named positional argument");
        }

        int named = kind is "Conv2D" or "MaxPool2D" or "AvgPool2D" ? random.Next(0, 3) : (random.Next(15) == 0 ? 1 : 0);
        for (int n = 0; n < named; n++)
        {
            string name = kind == "Conv2D" || random.Next(6) == 0 ? Pick(random, ["Stride", "Padding", "Stride", "Padding", "Task", "Kernel", "Filters"]) : "Stride";
            arguments.Add($"{name} = {Argument(random, notes)}");
        }

        return arguments.Count == 0 && random.Next(3) > 0 ? kind : $"{kind}({string.Join(", ", arguments)})";
    }

    /// <summary>A layer argument: mostly small and plausible, sometimes hostile, now and then of the wrong type.</summary>
    private static string Argument(Random random, List<string> notes)
    {
        int roll = random.Next(20);
        if (roll < 13)
        {
            return random.Next(0, 6).ToString();
        }

        if (roll < 18)
        {
            return Pick(random, HostileInts);
        }

        string wrong = Pick(random, WrongArguments);
        notes.Add($"argument '{wrong}'");
        return wrong;
    }

    private static string SmallOrHostile(Random random) => random.Next(3) == 0 ? Pick(random, HostileInts) : random.Next(1, 33).ToString();

    /// <summary>One to three syntax errors: brackets or parentheses removed or added, commas dropped, stray tokens.</summary>
    private static string BreakSyntax(Random random, string text, List<string> notes)
    {
        var edited = new StringBuilder(text);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            int kind = random.Next(5);
            if (kind == 0 || kind == 1)
            {
                char target = Pick(random, [']', ')', ',', '(', '[']);
                var positions = Enumerable.Range(0, edited.Length).Where(i => edited[i] == target).ToList();
                if (positions.Count > 0)
                {
                    edited.Remove(positions[random.Next(positions.Count)], 1);
                    notes.Add($"removed '{target}'");
                    continue;
                }
            }

            // Never at position 0: '#' there would start a preprocessor directive; tokens stay on this line.
            string token = Pick(random, StrayTokens);
            int at = random.Next(1, edited.Length + 1);
            edited.Insert(at, kind == 2 ? " " + token + " " : token);
            notes.Add($"stray '{token}'");
        }

        return edited.ToString();
    }

    /// <summary>Puts the attributes on a class of a random shape, in namespace N{index} or, for some, the global namespace.</summary>
    private static FuzzDeclaration Wrap(Random random, int index, string attributes, string? secondDeclaration, List<string> notes)
    {
        bool global = random.Next(6) == 0;
        string name = global ? $"G{index}" : $"Fuzz{index}";
        string modifiers = "public partial class";
        string typeParameters = "";
        switch (random.Next(24))
        {
            case 0: modifiers = "public class"; notes.Add("not partial"); break;
            case 1: typeParameters = "<T>"; notes.Add("generic"); break;
            case 2: typeParameters = "<T, U> where T : struct"; notes.Add("generic with constraint"); break;
            case 3: modifiers = "public static partial class"; notes.Add("static"); break;
            case 4: modifiers = "public abstract partial class"; notes.Add("abstract"); break;
            case 5: modifiers = "internal sealed partial class"; notes.Add("sealed"); break;
            case 6: modifiers = "public partial record"; notes.Add("record"); break;
            case 7: modifiers = "public partial record class"; notes.Add("record class"); break;
            case 8: modifiers = "public partial struct"; notes.Add("struct"); break;
            case 9: modifiers = "public partial interface"; notes.Add("interface"); break;
            case 10: modifiers = "file partial class"; notes.Add("file-local"); break;
            case 11 when !global: name = "@" + Pick(random, Keywords); notes.Add("keyword name"); break;
            case 12 when !global: name = Pick(random, ["Modèle", "Ünïcödé", "_", "__", "Model", "ModelTask", "Dense", "System"]); notes.Add("odd name"); break;
            case 13: modifiers = "partial class"; notes.Add("no accessibility"); break;
            case 14: modifiers = "public unsafe partial class"; notes.Add("unsafe"); break;
        }

        string keyword = modifiers.EndsWith("record class", StringComparison.Ordinal) ? "record class" : modifiers.Split(' ').Last();
        string body = $"{attributes}\n{modifiers} {name}{typeParameters} {{ }}\n";
        if (secondDeclaration is not null)
        {
            body += $"{secondDeclaration}\npartial {keyword} {name}{typeParameters.Split(' ')[0]} {{ }}\n";
        }

        // Nesting: zero to two containing types of random kinds, partial or not, generic or not.
        int depth = random.Next(5) == 0 ? random.Next(1, 3) : 0;
        for (int level = depth - 1; level >= 0; level--)
        {
            string outer = global ? $"GO{index}_{level}" : random.Next(6) == 0 ? $"\\u004Futer{level}" : $"Outer{level}";
            string outerKind = Pick(random, ["public partial class", "public partial class", "public static partial class", "public partial struct", "public partial record", "public partial interface", "public class", "public partial class {0}<T>", global ? "public partial class" : "public partial class @event"]);
            string header = outerKind.Contains("{0}", StringComparison.Ordinal) ? string.Format(outerKind, outer) : outerKind.Contains("@event", StringComparison.Ordinal) ? outerKind : $"{outerKind} {outer}";
            body = $"{header}\n{{\n{body}}}\n";
            notes.Add($"nested in '{header}'");
        }

        if (global)
        {
            // Every generated file of this declaration starts with the name of its outermost type.
            string key = depth > 0 ? $"GO{index}_0" : name;
            return new FuzzDeclaration(index, key, name, body, string.Join("; ", notes));
        }

        string space = random.Next(30) == 0 ? $"N{index}.@class" : $"N{index}";
        return new FuzzDeclaration(index, $"N{index}", name.TrimStart('@'), $"namespace {space}\n{{\n{body}}}\n", string.Join("; ", notes));
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
