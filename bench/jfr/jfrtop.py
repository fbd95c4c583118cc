import sys, re, subprocess, collections
# usage: jfrtop.py file.jfr  -> top self frames, top inclusive frames (execution samples), top allocation sites
def events(path, ev):
    out = subprocess.run(['jfr','print','--stack-depth','64','--events',ev,path],capture_output=True,text=True).stdout
    for block in out.split('\n}\n'):
        frames = re.findall(r'^\s+([\w$.<>/]+\([^)]*\))\s+line:', block, re.M)
        w = re.search(r'weight = ([\d.]+)\s*(\w+)?', block)
        weight = 1
        if w:
            v=float(w.group(1)); u=(w.group(2) or '').lower()
            weight = v*{'kb':1e3,'mb':1e6,'gb':1e9,'bytes':1}.get(u,1)
        if frames: yield frames, weight
def top(path, ev, n=25):
    self_, incl, total = collections.Counter(), collections.Counter(), 0
    for frames, w in events(path, ev):
        total += w; self_[frames[0]] += w
        for f in set(frames): incl[f] += w
    return total, self_, incl
path = sys.argv[1]
for ev, label in (('jdk.ExecutionSample','CPU samples'),('jdk.ObjectAllocationSample','allocation (sampled weight)')):
    total, s, i = top(path, ev)
    print(f'== {label}: total {total:.0f}')
    print('-- top self'); [print(f'{100*c/total:5.1f}% {f}') for f,c in s.most_common(20)]
    print('-- top inclusive (io.herald / io.vertx / io.netty / com.fasterxml, excluding run loops)')
    k=0
    for f,c in i.most_common(400):
        if re.match(r'(io\.herald|io\.vertx\.(openapi|json|ext|sqlclient|pgclient|httpproxy|core\.(json|eventbus|http)))', f):
            print(f'{100*c/total:5.1f}% {f}'); k+=1
            if k>=40: break
