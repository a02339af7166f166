using System.Runtime.CompilerServices;

// The tests interrupt an atomic save mid-write through an internal overload; nothing else is shared.
[assembly: InternalsVisibleTo("ModelGen.Tests")]
