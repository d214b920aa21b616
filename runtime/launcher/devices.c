/*
 * Docker's device allow-list on cgroup v2, where it is a BPF program of type
 * BPF_PROG_TYPE_CGROUP_DEVICE attached to the container's group (cgroup v1 has the devices
 * controller files instead, written in main.c). The program sees one access at a time
 * (struct bpf_cgroup_dev_ctx) and returns 1 to allow, 0 to deny. See bpf(2) and
 * Documentation/admin-guide/cgroup-v2.rst, "Device controller".
 */
#include "launcher.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* the few instruction forms the program needs */
#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define LDX_W(dst, src, off) INSN(BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0)
#define MOV_REG(dst, src) INSN(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define AND_IMM(dst, imm) INSN(BPF_ALU64 | BPF_AND | BPF_K, dst, 0, 0, imm)
#define RSH_IMM(dst, imm) INSN(BPF_ALU64 | BPF_RSH | BPF_K, dst, 0, 0, imm)
#define JNE_IMM(dst, imm, off) INSN(BPF_JMP | BPF_JNE | BPF_K, dst, 0, off, imm)
#define JEQ_IMM(dst, imm, off) INSN(BPF_JMP | BPF_JEQ | BPF_K, dst, 0, off, imm)
#define MOV_IMM(dst, imm) INSN(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define EXIT() INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* character devices a container may read and write: major, minor (-1 = any) */
static const int allowed[][2] = {
    {1, 3}, {1, 5}, {1, 7}, {1, 8}, {1, 9}, {5, 0}, {5, 1}, {5, 2}, {136, -1},
};

/*
 * if (type, major and minor match (-1 = any) and the access is within perms) return 1; each check jumps
 * past the block. Appended at p[n]; returns the new length (at most 8 instructions more).
 */
static int allow_rule(struct bpf_insn *p, int n, int type, int major, int minor, const char *perms) {
    int granted = (strchr(perms, 'r') ? BPF_DEVCG_ACC_READ : 0) | (strchr(perms, 'w') ? BPF_DEVCG_ACC_WRITE : 0)
                  | (strchr(perms, 'm') ? BPF_DEVCG_ACC_MKNOD : 0);
    int checks = (type >= 0) + (major >= 0) + (minor >= 0), len = checks + 5, at = 0;
    if (type >= 0) { p[n++] = JNE_IMM(2, type, len - at - 1); at++; }
    if (major >= 0) { p[n++] = JNE_IMM(4, major, len - at - 1); at++; }
    if (minor >= 0) { p[n++] = JNE_IMM(5, minor, len - at - 1); at++; }
    p[n++] = MOV_REG(6, 3);
    p[n++] = AND_IMM(6, ~granted & 7);
    p[n++] = JNE_IMM(6, 0, 2);
    p[n++] = MOV_IMM(0, 1);
    p[n++] = EXIT();
    return n;
}

static int build(const struct jc_spec *s, struct bpf_insn *p) {
    int n = 0;
    /* r2 = type, r3 = access, r4 = major, r5 = minor */
    p[n++] = LDX_W(2, 1, 0);
    p[n++] = MOV_REG(3, 2);
    p[n++] = AND_IMM(2, 0xffff);
    p[n++] = RSH_IMM(3, 16);
    p[n++] = LDX_W(4, 1, 4);
    p[n++] = LDX_W(5, 1, 8);
    /* mknod of any node is allowed ("c *:* m", "b *:* m"): access == MKNOD */
    p[n++] = JNE_IMM(3, BPF_DEVCG_ACC_MKNOD, 2);
    p[n++] = MOV_IMM(0, 1);
    p[n++] = EXIT();
    /* each --device, then each --device-cgroup-rule */
    for (int i = 0; i < s->n_devices; i++) {
        const struct jc_device *d = &s->devices[i];
        n = allow_rule(p, n, d->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR, (int)d->major, (int)d->minor,
                       d->perms);
    }
    for (int i = 0; i < s->n_device_rules; i++) {
        const struct jc_device_rule *r = &s->device_rules[i];
        n = allow_rule(p, n, r->type == 'a' ? -1 : r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR,
                       r->major, r->minor, r->perms);
    }
    /* everything else only for the listed character devices */
    p[n++] = JNE_IMM(2, BPF_DEVCG_DEV_CHAR, (int)(sizeof allowed / sizeof allowed[0]) * 4);
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++) {
        /* if (major == M && (minor == m or any)) return 1; each block is 4 instructions */
        p[n++] = JNE_IMM(4, allowed[i][0], 3);
        p[n++] = allowed[i][1] < 0 ? JEQ_IMM(4, allowed[i][0], 0) : JNE_IMM(5, allowed[i][1], 2);
        p[n++] = MOV_IMM(0, 1);
        p[n++] = EXIT();
    }
    p[n++] = MOV_IMM(0, 0);
    p[n++] = EXIT();
    return n;
}

/* Loads the allow-list program (Docker's defaults, then spec's --device nodes) and attaches it to the cgroup v2 directory dir. */
int jc_attach_device_filter(const struct jc_spec *s, const char *dir) {
    /* 48 instructions of defaults, at most 8 per device and per rule */
    static struct bpf_insn insns[48 + 16 * JC_MAX_DEVICES];
    int n = build(s, insns);
    char log[4096] = "";
    union bpf_attr load;
    memset(&load, 0, sizeof load);
    load.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
    load.insns = (unsigned long)insns;
    load.insn_cnt = (unsigned)n;
    load.license = (unsigned long)"Apache-2.0";
    load.log_buf = (unsigned long)log;
    load.log_size = sizeof log;
    load.log_level = 1;
    int prog = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &load, sizeof load);
    if (prog < 0) {
        /* retry without a log: some kernels refuse the log level */
        load.log_buf = 0;
        load.log_size = 0;
        load.log_level = 0;
        prog = (int)syscall(SYS_bpf, BPF_PROG_LOAD, &load, sizeof load);
        if (prog < 0) return -errno;
    }
    int cg = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (cg < 0) { int e = errno; close(prog); return -e; }
    union bpf_attr attach;
    memset(&attach, 0, sizeof attach);
    attach.target_fd = (unsigned)cg;
    attach.attach_bpf_fd = (unsigned)prog;
    attach.attach_type = BPF_CGROUP_DEVICE;
    attach.attach_flags = BPF_F_ALLOW_MULTI;
    int rc = (int)syscall(SYS_bpf, BPF_PROG_ATTACH, &attach, sizeof attach);
    int e = errno;
    close(cg);
    close(prog);
    return rc < 0 ? -e : 0;
}
