import sys, cProfile, pstats, tempfile
sys.path.insert(0,'benchmarks')
import runtime as rb
from workloads import WORKLOADS
from deluge2py.runtime import to_deluge
name = sys.argv[1]
w = next(w for w in WORKLOADS if w.name==name)
ns,_ = rb.load_converted(w.deluge, w.name)
f = next(v for k,v in ns.items() if hasattr(v,'__deluge__'))
args=[to_deluge(a) for a in w.make_args()]
d=tempfile.mkdtemp()
ctx=rb.run_context(d)
with ctx:
    f(*args)
    cProfile.run('f(*args)', '/tmp/p.out')
pstats.Stats('/tmp/p.out').sort_stats('tottime').print_stats(18)
