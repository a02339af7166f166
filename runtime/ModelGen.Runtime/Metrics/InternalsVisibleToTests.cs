using System.Runtime.CompilerServices;

// The tests check the normal-distribution helper against scipy directly, not only through DeLong's results.
[assembly: InternalsVisibleTo("ModelGen.Tests")]
