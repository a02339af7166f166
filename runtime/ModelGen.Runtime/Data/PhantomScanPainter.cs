using System;
using ModelGen.Internal;

namespace ModelGen.Data;

/// <summary>
/// Paints one CT-like slice of <see cref="PhantomScans"/> from its seed: the anatomy, then vessels, then the findings,
/// then noise. Uses only +, -, *, / and square roots, which IEEE 754 rounds the same everywhere (no library functions
/// whose last bit varies by platform), so a seed gives the same bits on every machine. Lengths are those of a 64x64
/// slice, times the scale for other sizes.
/// </summary>
internal sealed partial class PhantomScanPainter
{
    // Indexes into the findings, in the order of PhantomScans.LabelNames.
    private const int Nodule = 0, Mass = 1, Effusion = 2, Cardiomegaly = 3;

    private readonly int _size;
    private readonly float _scale;
    private readonly PhantomRegion[] _regions;
    private readonly int[] _lungPixels;
    private readonly float[] _scratch, _texture;
    private readonly ValueNoise _coarse = new(6), _fine = new(16);
    private int _lungPixelCount;
    private SeededRandom _random;
    private PhantomAnatomy _anatomy = null!;

    public PhantomScanPainter(int size)
    {
        _size = size;
        _scale = size / 64f;
        _regions = new PhantomRegion[size * size];
        _lungPixels = new int[size * size];
        _scratch = new float[size * size];
        _texture = new float[size * size];
    }

    /// <summary>Paints the slice of <paramref name="seed"/> into <paramref name="image"/> and its findings, 0 or 1 in label order, into <paramref name="findings"/>.</summary>
    public void Paint(int seed, Span<float> image, Span<float> findings)
    {
        _random = new SeededRandom(seed);
        for (int i = 0; i < findings.Length; i++)
        {
            findings[i] = _random.Chance(PhantomScans.Prevalences[i]) ? 1 : 0;
        }

        PaintAnatomy(image, effusion: findings[Effusion] == 1, cardiomegaly: findings[Cardiomegaly] == 1);
        CollectLungPixels();
        AddVessels(image);
        if (findings[Mass] == 1)
        {
            AddMass(image);
            CollectLungPixels();
        }

        if (findings[Nodule] == 1)
        {
            AddNodules(image);
        }

        AddNoise(image);
    }

    private void PaintAnatomy(Span<float> image, bool effusion, bool cardiomegaly)
    {
        _anatomy = new PhantomAnatomy(ref _random, _size, _scale, effusion, cardiomegaly);
        _texture.AsSpan().Clear();
        _coarse.Reseed(ref _random);
        _coarse.AddTo(_texture, _size, 0.6f);
        _fine.Reseed(ref _random);
        _fine.AddTo(_texture, _size, 0.4f);
        for (int y = 0; y < _size; y++)
        {
            for (int x = 0; x < _size; x++)
            {
                int i = (y * _size) + x;
                (PhantomRegion region, float value) = _anatomy.At(x + 0.5f, y + 0.5f);
                image[i] = region == PhantomRegion.Outside ? value : value + (_texture[i] * (region == PhantomRegion.Lung ? 0.045f : 0.02f));
                _regions[i] = region;
            }
        }

        Blur(image);
    }

    /// <summary>A [1 2 1] / 4 blur across and down: edges of a slice are partial volumes, never one-pixel steps.</summary>
    private void Blur(Span<float> image)
    {
        int n = _size;
        for (int pass = 0; pass < 2; pass++)
        {
            Span<float> source = pass == 0 ? image : _scratch, target = pass == 0 ? _scratch : image;
            int step = pass == 0 ? 1 : n;
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    int i = (y * n) + x, along = pass == 0 ? x : y;
                    float before = source[along > 0 ? i - step : i], after = source[along < n - 1 ? i + step : i];
                    target[i] = (before + (2 * source[i]) + after) * 0.25f;
                }
            }
        }
    }

    private void CollectLungPixels()
    {
        _lungPixelCount = 0;
        for (int i = 0; i < _regions.Length; i++)
        {
            if (_regions[i] == PhantomRegion.Lung)
            {
                _lungPixels[_lungPixelCount++] = i;
            }
        }
    }

    /// <summary>
    /// A random point inside aerated lung (a random lung pixel, jittered within it), preferring one with lung at
    /// <paramref name="clearance"/> pixels above, below, left and right of it.
    /// </summary>
    private (float X, float Y) RandomLungPoint(float clearance = 0)
    {
        (float x, float y) = (_size / 2f, _size / 2f);
        for (int attempt = 0; attempt < 20 && _lungPixelCount > 0; attempt++)
        {
            int pixel = _lungPixels[_random.Below(_lungPixelCount)];
            (x, y) = ((pixel % _size) + _random.NextSingle(), (pixel / _size) + _random.NextSingle());
            if (IsLung(x - clearance, y) && IsLung(x + clearance, y) && IsLung(x, y - clearance) && IsLung(x, y + clearance))
            {
                break;
            }
        }

        return (x, y);
    }

    private bool IsLung(float x, float y) =>
        x >= 0 && y >= 0 && x < _size && y < _size && _regions[((int)y * _size) + (int)x] == PhantomRegion.Lung;

    private void AddNoise(Span<float> image)
    {
        float gain = _random.Uniform(0.92f, 1.08f), offset = _random.Uniform(-0.03f, 0.03f), sigma = _random.Uniform(0.02f, 0.05f);
        for (int i = 0; i < image.Length; i++)
        {
            image[i] = Math.Clamp((image[i] * gain) + offset + (sigma * _random.Normal()), 0, 1);
        }
    }
}
