import ai.onnxruntime.*;
import java.lang.management.*;
import java.util.*;
import java.io.*;
/**
 * One ONNX Runtime version's CPU time a call and mean-pooled vectors for the same 60 inputs (random
 * word pieces, 20-255 long, five calls each, one intra-op thread), written to a file; with
 * "compare a.bin b.bin", the cosines between two versions' files. Standalone: bench/run.sh
 * ort-versions compiles it against each version's jar in ~/.m2.
 */
public class OrtVersions {
  public static void main(String[] a) throws Exception {
    if (a[0].equals("compare")) {
      compare(a[1], a[2]);
      return;
    }
    var env = OrtEnvironment.getEnvironment();
    var so = new OrtSession.SessionOptions();
    so.setIntraOpNumThreads(1); so.setInterOpNumThreads(1);
    so.setCPUArenaAllocator(false); so.setMemoryPatternOptimization(false);
    var s = env.createSession(a[0], so);
    var bean = ManagementFactory.getThreadMXBean();
    var rnd = new Random(1);
    int texts = 60; long cpu = 0;
    try (var out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(a[1])))) {
      for (int t = 0; t < texts; t++) {
        int L = 20 + rnd.nextInt(236);
        long[][] ids = new long[1][L]; long[][] mask = new long[1][L]; long[][] tt = new long[1][L];
        ids[0][0]=101; ids[0][L-1]=102;
        for (int i=1;i<L-1;i++){ids[0][i]=2000+rnd.nextInt(20000);} for (int i=0;i<L;i++) mask[0][i]=1;
        var in = Map.of("input_ids", OnnxTensor.createTensor(env, ids), "attention_mask", OnnxTensor.createTensor(env, mask), "token_type_ids", OnnxTensor.createTensor(env, tt));
        s.run(in).close();
        long c0 = bean.getCurrentThreadCpuTime();
        float[][][] h = null;
        for (int r = 0; r < 5; r++) { try (var res = s.run(in)) { h = (float[][][]) res.get(0).getValue(); } }
        cpu += bean.getCurrentThreadCpuTime() - c0;
        float[] v = new float[384];
        for (int i=0;i<L;i++) for (int d=0;d<384;d++) v[d]+=h[0][i][d]/L;
        for (float x : v) out.writeFloat(x);
      }
    }
    System.out.printf("%s: %.2f ms cpu a call (60 texts of 20-255 word pieces, 5 runs each)%n", a[2], cpu/1e6/(texts*5));
  }

  static void compare(String first, String second) throws IOException {
    try (var x = new DataInputStream(new BufferedInputStream(new FileInputStream(first)));
         var y = new DataInputStream(new BufferedInputStream(new FileInputStream(second)))) {
      double min = 1; double sum = 0; int identical = 0; int n = 0;
      for (; x.available() > 0; n++) {
        float[] u = new float[384]; float[] v = new float[384];
        for (int d = 0; d < 384; d++) { u[d] = x.readFloat(); v[d] = y.readFloat(); }
        double dot = 0, nu = 0, nv = 0;
        for (int d = 0; d < 384; d++) { dot += u[d] * v[d]; nu += u[d] * u[d]; nv += v[d] * v[d]; }
        double c = dot / Math.sqrt(nu * nv);
        min = Math.min(min, c); sum += c;
        if (Arrays.equals(u, v)) identical++;
      }
      System.out.printf("cosine: min %.7f, mean %.7f; identical vectors %d of %d%n", min, sum / n, identical, n);
    }
  }
}
