/*
 * nm_mkimage.c — makes photo-like test images with libvips: smooth
 * colour waves (what JPEG and WebP compress as they do photos) with some
 * grain, so that sizes and timings look like real news photos, not like
 * flat colour or pure noise.
 *
 *   nm_mkimage OUT WIDTH HEIGHT [SEED [FRAMES [GRAIN]]]
 *
 * Detail at three scales (grain, and noise a quarter and a sixteenth of
 * the size, scaled up) keeps resized copies about as large as those of
 * real photos.
 * The format follows OUT's extension (.jpg quality 88, .png, .gif, .webp);
 * FRAMES > 1 makes an animated GIF/WebP of FRAMES frames. GRAIN is the
 * noise's standard deviation (default 10). The same arguments give the
 * same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vips/vips.h>

static VipsImage *wave(VipsObject *scope, int w, int h, unsigned seed, int band)
{
    VipsImage **t = (VipsImage **)vips_object_local_array(scope, 8);
    double fx = 0.002 + (double)((seed * 7919u + (unsigned)band * 104729u) % 97) / 9000.0;
    double fy = 0.002 + (double)((seed * 104723u + (unsigned)band * 7907u) % 89) / 9000.0;
    double ph = (double)((seed + (unsigned)band * 31u) % 360);
    /* 128 + 90 sin(fx x + fy y + ph) in degrees */
    if (vips_xyz(&t[0], w, h, NULL) || vips_extract_band(t[0], &t[1], 0, NULL) ||
        vips_extract_band(t[0], &t[2], 1, NULL) ||
        vips_linear1(t[1], &t[3], fx * 57.3, ph, NULL) ||
        vips_linear1(t[2], &t[4], fy * 57.3, 0, NULL) || vips_add(t[3], t[4], &t[5], NULL) ||
        vips_sin(t[5], &t[6], NULL) || vips_linear1(t[6], &t[7], 90, 128, NULL))
        return NULL;
    return t[7];
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: nm_mkimage OUT WIDTH HEIGHT [SEED [FRAMES [GRAIN]]]\n");
        return 2;
    }
    if (VIPS_INIT(argv[0]))
        vips_error_exit(NULL);
    const char *out = argv[1];
    int w = atoi(argv[2]), h = atoi(argv[3]);
    unsigned seed = argc > 4 ? (unsigned)strtoul(argv[4], NULL, 10) : 1;
    int frames = argc > 5 ? atoi(argv[5]) : 1;
    double grain = argc > 6 ? atof(argv[6]) : 10;
    if (w <= 0 || h <= 0 || frames <= 0)
        return 2;
    VipsObject *scope = VIPS_OBJECT(vips_image_new());
    VipsImage **t = (VipsImage **)vips_object_local_array(scope, 16);
    VipsImage *frame_v[64];
    int nframes = frames > 64 ? 64 : frames;
    for (int f = 0; f < nframes; f++) {
        VipsImage *bands[3];
        for (int b = 0; b < 3; b++)
            if (!(bands[b] = wave(scope, w, h, seed + (unsigned)f * 13u, b)))
                vips_error_exit(NULL);
        VipsImage **u = (VipsImage **)vips_object_local_array(scope, 12);
        /* detail at three scales, as a photo has: it survives a resize */
        int s = (int)(seed + (unsigned)f);
        if (vips_bandjoin(bands, &u[0], 3, NULL) ||
            vips_gaussnoise(&u[1], w, h, "sigma", grain, "mean", 0.0, "seed", s, NULL) ||
            vips_gaussnoise(&u[2], w / 4 + 2, h / 4 + 2, "sigma", grain * 2.5, "mean", 0.0,
                            "seed", s + 1, NULL) ||
            vips_resize(u[2], &u[3], 4.0, "kernel", VIPS_KERNEL_LINEAR, NULL) ||
            vips_crop(u[3], &u[4], 0, 0, w, h, NULL) ||
            vips_gaussnoise(&u[5], w / 16 + 2, h / 16 + 2, "sigma", grain * 4, "mean", 0.0,
                            "seed", s + 2, NULL) ||
            vips_resize(u[5], &u[6], 16.0, "kernel", VIPS_KERNEL_LINEAR, NULL) ||
            vips_crop(u[6], &u[7], 0, 0, w, h, NULL) ||
            vips_sum((VipsImage *[]){u[0], u[1], u[4], u[7]}, &u[8], 4, NULL) ||
            vips_cast_uchar(u[8], &u[9], NULL))
            vips_error_exit(NULL);
        frame_v[f] = u[9];
    }
    VipsImage *img = frame_v[0];
    if (nframes > 1) {
        if (vips_arrayjoin(frame_v, &t[0], nframes, "across", 1, NULL) ||
            vips_copy(t[0], &t[1], NULL))
            vips_error_exit(NULL);
        vips_image_set_int(t[1], "page-height", h);
        img = t[1];
    }
    const char *dot = strrchr(out, '.');
    int rc;
    if (dot && (!strcmp(dot, ".jpg") || !strcmp(dot, ".jpeg")))
        rc = vips_jpegsave(img, out, "Q", 88, "strip", TRUE, NULL);
    else if (dot && !strcmp(dot, ".png"))
        rc = vips_pngsave(img, out, "strip", TRUE, NULL);
    else if (dot && !strcmp(dot, ".gif"))
        rc = vips_gifsave(img, out, NULL);
    else if (dot && !strcmp(dot, ".webp"))
        rc = vips_webpsave(img, out, "strip", TRUE, NULL);
    else {
        fprintf(stderr, "nm_mkimage: %s: unknown extension\n", out);
        return 2;
    }
    if (rc)
        vips_error_exit(NULL);
    g_object_unref(scope);
    vips_shutdown();
    return 0;
}
